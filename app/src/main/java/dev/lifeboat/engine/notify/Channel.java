package dev.lifeboat.engine.notify;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named way to tell the admin, configured once ({@code lifeboat notify add}) and kept in the config folder ({@code
 * notify.json}, 0600). Holds no secret: a mail password or an ntfy token is in the secret store under {@link
 * #secret}. Immutable; the fields a type does not use are null.
 *
 * @param name unique name, used by schedules ({@code --notify NAME})
 * @param type what it is
 * @param onSuccess also tell when a run went well (failures and drills that did not pass are always told); a ping URL
 *     is always pinged, since its silence is what raises its alarm
 * @param url healthchecks: the ping URL; ntfy: the topic's URL ({@code https://ntfy.sh/mytopic})
 * @param host e-mail: the SMTP server
 * @param port e-mail: its port (587 for STARTTLS, 465 for SMTPS, 25 for none)
 * @param security e-mail: {@code starttls}, {@code ssl} or {@code none}
 * @param user e-mail: the login, or null for none
 * @param from e-mail: the sender
 * @param to e-mail: the recipients
 * @param priority ntfy: the priority of a failure ({@code 1}..{@code 5} or {@code min}..{@code max}; default
 *     {@code high})
 * @param tags ntfy: tags added to every message
 * @param secret the secret store's id of the password or token, or null when there is none
 * @param caFile e-mail: a PEM certificate to trust for a server with a certificate of its own, or null for the
 *     system's
 */
public record Channel(
        String name,
        Type type,
        boolean onSuccess,
        String url,
        String host,
        Integer port,
        String security,
        String user,
        String from,
        List<String> to,
        String priority,
        List<String> tags,
        String secret,
        String caFile) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The kinds of channel. */
    public enum Type {
        DESKTOP,
        EMAIL,
        HEALTHCHECKS,
        NTFY;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type of(String word) {
            for (Type t : values()) {
                if (t.word().equals(word)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(
                    "\"" + word + "\" is not a channel type (desktop, email, healthchecks, ntfy)");
        }
    }

    public Channel {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "\"" + name + "\" cannot name a channel: use letters, digits, '.', '_'" + " and '-'");
        }
        Objects.requireNonNull(type, "type");
        to = to == null ? List.of() : List.copyOf(to);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The secret store's id for a channel's password or token. */
    public static String secretId(String channel) {
        return "notify." + channel;
    }

    /** Whether this channel is told of {@code event}. */
    public boolean wants(Notice.Event event) {
        return switch (event) {
            case FAILURE, DRILL_FAILED, TEST -> true;
            case START -> type == Type.HEALTHCHECKS;
            case SUCCESS -> onSuccess || type == Type.HEALTHCHECKS;
        };
    }

    /** One line for {@code notify list}: where it goes, without any secret. */
    public String describe() {
        String where =
                switch (type) {
                    case DESKTOP -> "this computer's desktop notifications";
                    case EMAIL -> String.join(", ", to) + " via " + host + ":" + port + " (" + security
                            + (user == null ? "" : ", login " + user) + ")";
                    case HEALTHCHECKS -> Dispatch.maskUrl(url);
                    case NTFY -> Dispatch.maskUrl(url) + (secret == null ? "" : " (with a token)");
                };
        return where + (onSuccess || type == Type.HEALTHCHECKS ? "; failures and successes" : "; failures only");
    }
}
