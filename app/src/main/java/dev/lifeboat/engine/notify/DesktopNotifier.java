package dev.lifeboat.engine.notify;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.schedule.LocalProgram;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The desktop's own notifications (freedesktop notifications over the session's D-Bus) through {@code notify-send}
 * (libnotify-bin). Reaches the admin's desktop when the run has its session bus: a systemd user timer does; a system
 * timer or a cron job usually does not, and the notice becomes a warning.
 */
public final class DesktopNotifier implements Notifier {
    private final Map<String, String> env;

    /** @param env variables that reach the session bus ({@code DBUS_SESSION_BUS_ADDRESS}), if any to add */
    public DesktopNotifier(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void send(Notice n) throws EngineException {
        String urgency = n.bad() ? "critical" : "normal";
        String icon = n.bad() ? "dialog-warning" : "dialog-information";
        LocalProgram.Result r = LocalProgram.run(
                List.of(
                        "notify-send",
                        "--app-name=Lifeboat",
                        "--urgency=" + urgency,
                        "--icon=" + icon,
                        "--",
                        n.title(),
                        n.body()),
                null,
                env,
                Duration.ofSeconds(10),
                "libnotify-bin");
        if (!r.ok()) {
            throw new EngineException("notify-send failed: " + r.said());
        }
    }
}
