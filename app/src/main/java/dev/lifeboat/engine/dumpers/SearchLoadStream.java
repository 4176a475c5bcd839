package dev.lifeboat.engine.dumpers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What {@link SearchDumper}'s load script reads, made from the dump one line at a time: an index's definition becomes
 * {@code INDEX name} and the creation body on one line (its settings without those the server sets itself); a page
 * of documents becomes {@code BULK bytes} followed by a {@code _bulk} request of that many bytes.
 */
final class SearchLoadStream extends InputStream {
    /** Index settings the server sets itself and refuses at creation. */
    private static final List<String> SERVER_SETTINGS = List.of(
            "uuid",
            "version",
            "creation_date",
            "creation_date_string",
            "provided_name",
            "history",
            "resize",
            "verified_before_close");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedReader in;
    private byte[] buf = new byte[0];
    private int pos;
    private long line;

    SearchLoadStream(InputStream dump) {
        this.in = new BufferedReader(new InputStreamReader(dump, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public int read() throws IOException {
        if (pos >= buf.length && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= buf.length && !fill()) {
            return -1;
        }
        int n = Math.min(len, buf.length - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        String text;
        do {
            text = in.readLine();
            line++;
            if (text == null) {
                return false;
            }
        } while (text.isBlank());
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new IOException("line " + line + " of the search dump is not JSON: " + e.getMessage(), e);
        }
        if (node.hasNonNull("lifeboat_index")) {
            String name = node.get("lifeboat_index").asText();
            JsonNode def = node.path("definition").path(name);
            buf = ("INDEX " + name + "\n" + JSON.writeValueAsString(creationBody(def)) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } else if (node.hasNonNull("lifeboat_page")) {
            String name = node.get("lifeboat_page").asText();
            StringBuilder bulk = new StringBuilder();
            for (JsonNode hit : node.path("response").path("hits").path("hits")) {
                ObjectNode meta = JSON.createObjectNode()
                        .put("_index", name)
                        .put("_id", hit.path("_id").asText());
                // Elasticsearch 6 names a mapping type in every request; 7 answers "_doc", which 8 refuses.
                if (hit.hasNonNull("_type") && !hit.get("_type").asText().equals("_doc")) {
                    meta.put("_type", hit.get("_type").asText());
                }
                if (hit.hasNonNull("_routing")) {
                    meta.put("routing", hit.get("_routing").asText());
                }
                bulk.append(JSON.writeValueAsString(JSON.createObjectNode().set("index", meta)))
                        .append('\n')
                        .append(JSON.writeValueAsString(hit.path("_source")))
                        .append('\n');
            }
            byte[] body = bulk.toString().getBytes(StandardCharsets.UTF_8);
            byte[] head = ("BULK " + body.length + "\n").getBytes(StandardCharsets.UTF_8);
            buf = new byte[head.length + body.length];
            System.arraycopy(head, 0, buf, 0, head.length);
            System.arraycopy(body, 0, buf, head.length, body.length);
        } else {
            throw new IOException("line " + line + " of the search dump is neither an index nor a page of documents");
        }
        pos = 0;
        return true;
    }

    /** The body that creates the index again: its mappings, aliases and the settings that can be given. */
    static ObjectNode creationBody(JsonNode definition) {
        ObjectNode body = JSON.createObjectNode();
        if (definition.path("mappings").size() > 0) {
            body.set("mappings", definition.get("mappings"));
        }
        if (definition.path("aliases").size() > 0) {
            body.set("aliases", definition.get("aliases"));
        }
        JsonNode index = definition.path("settings").path("index");
        if (index.isObject()) {
            ObjectNode kept = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = index.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!SERVER_SETTINGS.contains(e.getKey())) {
                    kept.set(e.getKey(), e.getValue());
                }
            }
            if (kept.size() > 0) {
                body.set("settings", JSON.createObjectNode().set("index", kept));
            }
        }
        return body;
    }
}
