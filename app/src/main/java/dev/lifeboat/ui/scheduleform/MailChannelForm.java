package dev.lifeboat.ui.scheduleform;

import dev.lifeboat.engine.notify.Channel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The e-mail channel the schedule form can add (as {@code lifeboat notify add NAME --type email} does): the SMTP
 * server, how it is secured, the login and the addresses; its validation and the channel it makes. The password is
 * not kept here: the dialog hands it to the engine, which keeps it in the secret store. FX thread only.
 */
public final class MailChannelForm {
    /** How the SMTP connection is secured, as the channel names it, and the port each usually has. */
    public static final List<String> SECURITY = List.of("starttls", "ssl", "none");

    private final StringProperty name = new SimpleStringProperty("mail");
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("587");
    private final StringProperty security = new SimpleStringProperty("starttls");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty from = new SimpleStringProperty("");
    private final StringProperty to = new SimpleStringProperty("");
    private final StringBinding problem;

    public MailChannelForm(List<String> takenNames) {
        String n = "mail";
        for (int i = 2; takenNames.contains(n); i++) {
            n = "mail-" + i;
        }
        name.set(n);
        security.addListener((obs, old, now) -> {
            if (port.get().equals(defaultPort(old))) {
                port.set(defaultPort(now));
            }
        });
        problem = Bindings.createStringBinding(
                () -> validate(takenNames).orElse(""), name, host, port, security, user, from, to);
    }

    static String defaultPort(String security) {
        return switch (security == null ? "" : security) {
            case "ssl" -> "465";
            case "none" -> "25";
            default -> "587";
        };
    }

    Optional<String> validate(List<String> takenNames) {
        String n = name.get().strip();
        if (!n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            return Optional.of("Name the channel with letters, digits, '.', '_' and '-'.");
        }
        if (takenNames.contains(n)) {
            return Optional.of("A channel named " + n + " exists already.");
        }
        if (host.get().isBlank()) {
            return Optional.of("The SMTP server, e.g. mail.example.org.");
        }
        int p;
        try {
            p = Integer.parseInt(port.get().strip());
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            return Optional.of("The port is a number from 1 to 65535 (587 for STARTTLS, 465 for SSL).");
        }
        if (!from.get().strip().contains("@")) {
            return Optional.of("The sender's address, e.g. backup@example.org.");
        }
        if (recipients().isEmpty() || recipients().stream().anyMatch(a -> !a.contains("@"))) {
            return Optional.of("Whom to tell: one address or more, separated by commas.");
        }
        return Optional.empty();
    }

    private List<String> recipients() {
        return Arrays.stream(to.get().split("[,;\\s]+"))
                .map(String::strip)
                .filter(a -> !a.isEmpty())
                .toList();
    }

    /** The channel; call only when {@link #problemProperty()} is empty. */
    public Channel toChannel() {
        return new Channel(
                name.get().strip(),
                Channel.Type.EMAIL,
                false,
                null,
                host.get().strip(),
                Integer.parseInt(port.get().strip()),
                security.get(),
                user.get().isBlank() ? null : user.get().strip(),
                from.get().strip(),
                recipients(),
                null,
                null,
                null,
                null);
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty securityProperty() {
        return security;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }

    /** What stops adding it; empty when nothing does. */
    public StringBinding problemProperty() {
        return problem;
    }
}
