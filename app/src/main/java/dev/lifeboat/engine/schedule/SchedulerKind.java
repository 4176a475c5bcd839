package dev.lifeboat.engine.schedule;

import java.util.Locale;

/** What fires a schedule's runs: no Lifeboat daemon, the computer's own scheduler (ADR 0013). */
public enum SchedulerKind {
    /** A systemd user timer ({@code ~/.config/systemd/user}): the desktop; {@code Persistent=true}. */
    SYSTEMD_USER,
    /** A systemd system timer ({@code /etc/systemd/system}), as root: an always-on headless host. */
    SYSTEMD_SYSTEM,
    /** A line of the user's crontab, where there is no systemd. A run missed while the computer was off is missed. */
    CRON;

    /** {@code systemd-user}, {@code systemd-system}, {@code cron}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SchedulerKind of(String word) {
        for (SchedulerKind k : values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "\"" + word + "\" is not a scheduler (systemd-user, systemd-system or cron)");
    }
}
