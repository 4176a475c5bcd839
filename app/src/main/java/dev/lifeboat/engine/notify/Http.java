package dev.lifeboat.engine.notify;

import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One HTTP POST with short limits: the ping URL's and ntfy's transport. */
final class Http {
    static final Duration CONNECT = Duration.ofSeconds(10);
    static final Duration REPLY = Duration.ofSeconds(15);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(CONNECT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private Http() {}

    /**
     * Posts {@code body} to {@code url}; a reply of 2xx is success.
     *
     * @param secretHeaders headers whose values are secrets (never said in an error)
     */
    static void post(String url, String body, Map<String, String> headers, Map<String, String> secretHeaders)
            throws EngineException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(REPLY)
                .header("User-Agent", "Lifeboat")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        secretHeaders.forEach(b::header);
        HttpResponse<String> r;
        try {
            r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EngineException(
                    Dispatch.maskUrl(url) + " could not be reached: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted while telling " + Dispatch.maskUrl(url));
        }
        if (r.statusCode() / 100 != 2) {
            String said = r.body() == null ? "" : r.body().strip();
            throw new EngineException(Dispatch.maskUrl(url) + " answered " + r.statusCode()
                    + (said.isEmpty() ? "" : ": " + said.substring(0, Math.min(200, said.length()))));
        }
    }
}
