package dev.lifeboat.engine.dumpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchDumperTest extends DumperContractTest {
    @Override
    Dumper dumper() {
        return new SearchDumper();
    }

    @Override
    Map<String, String> env() {
        return Map.of("OPENSEARCH_INITIAL_ADMIN_PASSWORD", SECRET, "discovery.type", "single-node");
    }

    @Override
    String probeOutput() {
        return "TOOL /usr/bin/curl\nDB audit\nDB nuxeo\n";
    }

    @Override
    List<String> expectedJobs() {
        return List.of("db");
    }

    @Override
    String countOutput() {
        return "audit {\"count\":4,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0}}\n"
                + "nuxeo {\"count\" : 12 }\n";
    }

    @Override
    Map<String, Long> expectedCounts() {
        return Map.of("audit", 4L, "nuxeo", 12L);
    }

    @Test
    void theLoadStreamCreatesEachIndexAndBulkLoadsItsPages() throws IOException {
        String dump = String.join(
                "\n",
                "{\"lifeboat_index\":\"audit\",\"definition\":{\"audit\":{\"aliases\":{},\"mappings\":{\"properties\":"
                        + "{\"eventId\":{\"type\":\"keyword\"}}},\"settings\":{\"index\":{\"number_of_shards\":\"1\","
                        + "\"uuid\":\"abc\",\"version\":{\"created\":\"135248027\"},\"provided_name\":\"audit\","
                        + "\"creation_date\":\"1700000000000\"}}}}}",
                "{\"lifeboat_page\":\"audit\",\"response\":{\"_scroll_id\":\"x\",\"hits\":{\"hits\":["
                        + "{\"_index\":\"audit\",\"_type\":\"_doc\",\"_id\":\"1\",\"_source\":{\"eventId\":\"documentCreated\"}},"
                        + "{\"_index\":\"audit\",\"_type\":\"doc\",\"_id\":\"2\",\"_routing\":\"r\",\"_source\":{\"eventId\":\"Ü\"}}]}}}",
                "");
        String out = read(new SearchLoadStream(stream(dump)));
        String bulk = "{\"index\":{\"_index\":\"audit\",\"_id\":\"1\"}}\n{\"eventId\":\"documentCreated\"}\n"
                + "{\"index\":{\"_index\":\"audit\",\"_id\":\"2\",\"_type\":\"doc\",\"routing\":\"r\"}}\n{\"eventId\":\"Ü\"}\n";
        assertEquals(
                "INDEX audit\n"
                        + "{\"mappings\":{\"properties\":{\"eventId\":{\"type\":\"keyword\"}}},"
                        + "\"settings\":{\"index\":{\"number_of_shards\":\"1\"}}}\n"
                        + "BULK " + bulk.getBytes(StandardCharsets.UTF_8).length + "\n" + bulk,
                out,
                "settings the server sets itself are left out; the byte count is of the UTF-8 body");
    }

    @Test
    void aDumpLineThatIsNeitherIndexNorPageIsAnError() {
        IOException e =
                assertThrows(IOException.class, () -> read(new SearchLoadStream(stream("{\"something\":1}\n"))));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
