package dev.lifeboat.engine.notify;

import java.util.List;

/**
 * What a run tells the admin. A failure says which application, what failed, whether the site is up, and what to
 * do; a success says the size, the downtime and the duration. Never holds a secret (the run's log lines are masked
 * before they get here). Immutable.
 *
 * @param event what happened
 * @param application the application and its server, e.g. {@code Papermerge in /opt/papermerge on admin@srv-a}
 * @param title one line
 * @param body the message, lines separated by {@code \n}
 * @param logTail the run's last log lines (the healthchecks ping's body), possibly empty
 */
public record Notice(Event event, String application, String title, String body, List<String> logTail) {

    /** What happened. */
    public enum Event {
        /** A run begins (only ping URLs hear of it). */
        START,
        /** A backup made a complete, verified snapshot; a drill passed. */
        SUCCESS,
        /** A run failed: no snapshot, the server unreachable, the store full... */
        FAILURE,
        /** A drill ran and the copy did not match, or did not come up. */
        DRILL_FAILED,
        /** {@code lifeboat notify test}. */
        TEST
    }

    public Notice {
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    /** Whether it tells of something wrong. */
    public boolean bad() {
        return event == Event.FAILURE || event == Event.DRILL_FAILED;
    }

    /** The body followed by the last log lines, for channels that carry long text. */
    public String bodyWithLog() {
        if (logTail.isEmpty()) {
            return body;
        }
        return body + "\n\nLast lines of the run's log:\n" + String.join("\n", logTail);
    }
}
