package dev.lifeboat.engine.schedule;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One application's unattended runs, as saved in the config folder ({@code schedules.json}, ADR 0013): which saved
 * profile and application, when to back up and to drill, where to drill, whom to tell, which scheduler fires it and
 * how it logs in alone. Holds no secret: a sudo password or key passphrase the run needs is in the secret store
 * named by {@link #secrets}. Immutable.
 *
 * @param name unique, also the units' and the crontab lines' name: letters, digits, {@code . _ -}
 * @param profile the saved connection profile of the server
 * @param app the application on a server that runs several (install folder or stack id), or null for the only one
 * @param backup when to back up, as the admin wrote it ({@link RunCalendar})
 * @param drill when to rehearse the restore of the newest snapshot, or null for never
 * @param drillOn the saved profile of a spare server to drill on, or null for beside the live site
 * @param channels the notification channels to tell
 * @param scheduler what fires the runs
 * @param keyFile the private key the runs log in with (Lifeboat's own for this profile, or the admin's)
 * @param store the snapshot store, or null for the default
 * @param secrets where the run finds the secrets it needs ({@code none} when it needs none)
 * @param created when the schedule was saved (ISO-8601 UTC)
 * @param paused whether its timers are stopped (the schedule is kept)
 */
public record Schedule(
        String name,
        String profile,
        String app,
        String backup,
        String drill,
        String drillOn,
        List<String> channels,
        SchedulerKind scheduler,
        String keyFile,
        String store,
        String secrets,
        String created,
        boolean paused) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A run of a schedule: its backup or its drill. */
    public enum Kind {
        BACKUP,
        DRILL;

        /** {@code backup} or {@code drill}: in unit names, options and records. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Schedule {
        checkName(name);
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(scheduler, "scheduler");
        channels = channels == null ? List.of() : List.copyOf(channels);
        secrets = secrets == null ? "none" : secrets;
    }

    /** Refuses a name that cannot name a unit or a crontab line. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" cannot name a schedule: use letters, digits, '.', '_'"
                    + " and '-' (at most 64, starting with a letter or digit)");
        }
        return name;
    }

    /**
     * The name a schedule gets when the admin gives none, in the window and on the command line alike: the profile
     * and the last part of the application's folder, lower case, what cannot name a unit made {@code -} ({@code
     * srv-a} and {@code /opt/papermerge} give {@code srv-a-papermerge}). It may still fail {@link #checkName} (a
     * profile of nothing but punctuation): then the admin names it.
     *
     * @param app the application (install folder or stack id), or null or blank for the server's only one
     */
    public static String defaultName(String profile, String app) {
        String base = profile
                + (app == null || app.isBlank()
                        ? ""
                        : "-"
                                + Optional.ofNullable(Path.of(app).getFileName())
                                        .map(Path::toString)
                                        .orElse(""));
        String n =
                base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
        n = n.replaceAll("-+$", "");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }

    /** The calendar of one of its runs, or null when it has no drill. */
    public RunCalendar calendar(Kind kind) {
        String text = kind == Kind.BACKUP ? backup : drill;
        return text == null ? null : RunCalendar.parse(text);
    }

    /** The kinds of run it has: the backup, and the drill when it has one. */
    public List<Kind> kinds() {
        return drill == null ? List.of(Kind.BACKUP) : List.of(Kind.BACKUP, Kind.DRILL);
    }

    public Schedule withPaused(boolean p) {
        return new Schedule(
                name, profile, app, backup, drill, drillOn, channels, scheduler, keyFile, store, secrets, created, p);
    }
}
