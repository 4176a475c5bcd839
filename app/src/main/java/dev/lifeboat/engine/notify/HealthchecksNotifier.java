package dev.lifeboat.engine.notify;

import dev.lifeboat.engine.EngineException;
import java.util.Map;

/**
 * A healthchecks-style ping URL (healthchecks.io, its self-hosted server, Uptime Kuma's push monitors...): {@code
 * URL/start} when a run begins, the plain {@code URL} when it went well, {@code URL/fail} when it did not; the body
 * carries the message and the run's last log lines, so the check's page shows what happened. Its silence is what
 * raises its alarm, so it hears of every run.
 */
public final class HealthchecksNotifier implements Notifier {
    private final String url;

    public HealthchecksNotifier(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void send(Notice n) throws EngineException {
        String target =
                switch (n.event()) {
                    case START -> url + "/start";
                    case FAILURE, DRILL_FAILED -> url + "/fail";
                    case SUCCESS, TEST -> url;
                };
        String body = n.event() == Notice.Event.START ? n.title() : n.title() + "\n\n" + n.bodyWithLog();
        Http.post(target, body, Map.of("Content-Type", "text/plain; charset=utf-8"), Map.of());
    }
}
