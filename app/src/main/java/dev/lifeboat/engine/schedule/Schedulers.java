package dev.lifeboat.engine.schedule;

import dev.lifeboat.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Which scheduler this computer has, and the one for a kind. */
public final class Schedulers {
    private Schedulers() {}

    /**
     * The scheduler a new schedule gets here: with systemd running ({@code /run/systemd/system}), a system timer when
     * root without a desktop session (an always-on headless host), else a user timer; without systemd, the crontab.
     *
     * @throws EngineException when there is neither systemd nor {@code crontab}
     */
    public static SchedulerKind detect(Map<String, String> env, boolean root) throws EngineException {
        if (Files.isDirectory(Path.of("/run/systemd/system"))) {
            boolean desktop = env.containsKey("DISPLAY") || env.containsKey("WAYLAND_DISPLAY");
            return root && !desktop ? SchedulerKind.SYSTEMD_SYSTEM : SchedulerKind.SYSTEMD_USER;
        }
        if (LocalProgram.exists("crontab")) {
            return SchedulerKind.CRON;
        }
        throw new EngineException("This computer has no scheduler Lifeboat can use: systemd is not running and there"
                + " is no crontab. Install cron (sudo apt-get install cron) and run this again.");
    }

    /** The scheduler of a kind, for the current user. */
    public static Scheduler of(SchedulerKind kind, Map<String, String> env, Path home, Path logDir) {
        return switch (kind) {
            case SYSTEMD_USER -> SystemdTimers.user(env, home);
            case SYSTEMD_SYSTEM -> SystemdTimers.system();
            case CRON -> new Crontab(List.of("crontab"), logDir);
        };
    }
}
