package dev.lifeboat.engine.notify;

import dev.lifeboat.engine.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ntfy (ntfy.sh or a server of one's own): a POST to the topic's URL with the message as body and its title,
 * priority and tags as headers; an access token, when the topic needs one, as {@code Authorization: Bearer}. A
 * failure goes out with the channel's priority ({@code high} by default) and the {@code rotating_light} tag, a
 * success with the default priority and {@code white_check_mark}.
 */
public final class NtfyNotifier implements Notifier {
    private final String url;
    private final String priority;
    private final List<String> tags;
    private final char[] token;

    /**
     * @param priority a failure's priority, or null for {@code high}
     * @param token the access token, or null
     */
    public NtfyNotifier(String url, String priority, List<String> tags, char[] token) {
        this.url = url;
        this.priority = priority == null || priority.isBlank() ? "high" : priority;
        this.tags = List.copyOf(tags);
        this.token = token == null ? null : token.clone();
    }

    @Override
    public void send(Notice n) throws EngineException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/plain; charset=utf-8");
        h.put("Title", headerSafe(n.title()));
        h.put("Priority", n.bad() ? priority : "default");
        List<String> t = new ArrayList<>(tags);
        t.add(n.bad() ? "rotating_light" : n.event() == Notice.Event.TEST ? "bell" : "white_check_mark");
        h.put("Tags", String.join(",", t));
        Map<String, String> secret = token == null ? Map.of() : Map.of("Authorization", "Bearer " + new String(token));
        Http.post(url, n.body(), h, secret);
    }

    /** A header holds one line of Latin-1; ntfy reads UTF-8 titles from it as they are sent. */
    private static String headerSafe(String s) {
        return s.replaceAll("[\\r\\n]+", " ").replaceAll("[^\\x20-\\x7e]", "?");
    }
}
