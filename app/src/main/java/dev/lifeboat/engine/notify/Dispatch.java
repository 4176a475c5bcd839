package dev.lifeboat.engine.notify;

import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a notice to the channels that want it. A channel that cannot be told is tried {@value #ATTEMPTS} times in
 * all, a moment apart (each try bounded by its notifier's limits), then given up on with a warning, which is logged
 * and returned for the run's record and {@code status}: a notifier never fails a run. Thread-safe.
 */
public final class Dispatch {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);
    static final int ATTEMPTS = 3;
    private final Secrets secrets;
    private final Map<String, String> desktopEnv;
    private final Duration pause;

    /**
     * @param secrets where channels' passwords and tokens are kept
     * @param desktopEnv what the desktop notifier adds to its environment (nothing: the run's own session bus)
     * @param pause between two tries of a channel
     */
    public Dispatch(Secrets secrets, Map<String, String> desktopEnv, Duration pause) {
        this.secrets = secrets;
        this.desktopEnv = Map.copyOf(desktopEnv);
        this.pause = pause;
    }

    /** The notifier of a channel, with its secret from the store. */
    public Notifier notifier(Channel c) throws EngineException {
        char[] secret = c.secret() == null ? null : secrets.read(c.secret()).orElse(null);
        if (c.secret() != null && secret == null) {
            throw new EngineException("the secret of the channel " + c.name() + " is not in the secret store any more"
                    + " (lifeboat notify add " + c.name() + " ... again)");
        }
        try {
            return switch (c.type()) {
                case DESKTOP -> new DesktopNotifier(desktopEnv);
                case EMAIL -> new MailNotifier(c, secret);
                case HEALTHCHECKS -> new HealthchecksNotifier(c.url());
                case NTFY -> new NtfyNotifier(c.url(), c.priority(), c.tags(), secret);
            };
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    /**
     * Tells every channel that wants this notice.
     *
     * @return one warning per channel that could not be told (empty when all were)
     */
    public List<String> tell(List<Channel> channels, Notice notice) {
        List<String> warnings = new ArrayList<>();
        for (Channel c : channels) {
            if (c.wants(notice.event())) {
                String w = tell(c, notice);
                if (w != null) {
                    warnings.add(w);
                }
            }
        }
        return warnings;
    }

    /** Tells one channel, with retries; null when it was told, else the warning. */
    public String tell(Channel c, Notice notice) {
        EngineException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                notifier(c).send(notice);
                if (attempt > 1) {
                    LOG.info("told {} ({}) at the {}. try", c.name(), c.type().word(), attempt);
                }
                return null;
            } catch (CancelledException e) {
                last = e;
                break;
            } catch (EngineException e) {
                last = e;
                LOG.debug("try {} of {} to tell {} failed: {}", attempt, ATTEMPTS, c.name(), e.getMessage());
                if (attempt < ATTEMPTS && !sleep(pause.multipliedBy(attempt))) {
                    break;
                }
            }
        }
        String w = c.name() + " (" + c.type().word() + ") could not be told: " + last.getMessage();
        LOG.warn(w);
        return w;
    }

    /** {@code https://hc-ping.com/…}: a URL without its path, which for a ping URL is as good as a password. */
    public static String maskUrl(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return "…";
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                    + (u.getPath() == null
                                    || u.getPath().isEmpty()
                                    || u.getPath().equals("/")
                            ? ""
                            : "/…");
        } catch (IllegalArgumentException e) {
            return "…";
        }
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
