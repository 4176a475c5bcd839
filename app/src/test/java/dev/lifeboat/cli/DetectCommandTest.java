package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.stacks.Corpus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path corpusCase(String name) {
        return Corpus.require().resolve(name).resolve("tree");
    }

    @Test
    void detectJsonPrintsExactlyTheDesignDocumentForACorpusCase() throws Exception {
        assertEquals(
                ExitCodes.OK,
                run("detect", "--fs", corpusCase("seatable-6.1.8-compose").toString(), "--json"));
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        // DESIGN §4's document, plus what a script needs to trust it (issue 13): nothing was left unread here.
        assertEquals(List.of("stacks", "warnings", "partial"), fieldNames(doc));
        assertEquals(0, doc.get("warnings").size(), doc.get("warnings").toString());
        assertEquals(false, doc.get("partial").asBoolean());
        JsonNode s = doc.get("stacks").get(0);
        assertEquals(List.of("stack", "edition", "version", "installDir", "components"), fieldNames(s));
        assertEquals("seatable", s.get("stack").asText());
        assertEquals("enterprise", s.get("edition").asText());
        assertEquals("6.1.8", s.get("version").asText());
        assertEquals("/opt/seatable-compose", s.get("installDir").asText());
        JsonNode mariadb = null;
        for (JsonNode c : s.get("components")) {
            // A rebuildable component also says how it is rebuilt (issue 21).
            List<String> fields = new ArrayList<>(List.of("path", "class", "kind", "method", "sizeBytes", "note"));
            if (c.get("class").asText().equals("rebuildable")) {
                fields.add("rebuild");
            }
            assertEquals(fields, fieldNames(c));
            if (c.get("path").asText().equals("/opt/mariadb")) {
                mariadb = c;
            }
        }
        assertTrue(mariadb != null, out.toString());
        assertEquals("backup", mariadb.get("class").asText());
        assertEquals("mariadb", mariadb.get("kind").asText());
        assertEquals("dump", mariadb.get("method").asText());
        assertTrue(mariadb.get("sizeBytes").asLong() > 0);
    }

    @Test
    void detectTextShowsClassBadgesAndHumanSizes() {
        assertEquals(
                ExitCodes.OK,
                run("detect", "--fs", corpusCase("overleaf-toolkit-6.2.2-ce").toString()));
        String text = out.toString();
        assertTrue(text.contains("Overleaf ce 6.2.2"), text);
        assertTrue(text.contains("[backup]"), text);
        assertTrue(text.contains("[ephemeral]"), text);
        assertTrue(text.contains(" B "), text);
    }

    @Test
    void explainSaysWhatWasLookedAtWhenNothingMatches(@TempDir Path empty) {
        assertEquals(ExitCodes.OK, run("detect", "--fs", empty.toString(), "--explain"));
        assertTrue(out.toString().contains("No application found."), out.toString());
        assertTrue(
                out.toString().contains("searched " + dev.lifeboat.engine.stacks.Detector.searchLimits()),
                out.toString());
    }

    @Test
    void detectNeedsEitherAFolderOrATarget() {
        assertEquals(ExitCodes.USAGE, run("detect"));
        assertTrue(err.toString().contains("either --fs DIR or a TARGET"), err.toString());
    }

    @Test
    void anUnreachableServerFailsWithAClearMessage() {
        // .invalid never resolves (RFC 2606); the message names the host and the exit code is "failed".
        assertEquals(ExitCodes.FAILED, run("detect", "--batch", "--ssh-config", "none", "admin@nowhere.invalid"));
        assertTrue(err.toString().contains("nowhere.invalid"), err.toString());
        assertTrue(err.toString().startsWith("lifeboat: "), err.toString());
    }

    @Test
    void hostKeyAndCancelMapToTheirExitCodes() {
        var key = new dev.lifeboat.engine.remote.HostKeyInfo("h", 22, "ssh-ed25519", "SHA256:x", "AAAA");
        assertEquals(
                ExitCodes.HOST_KEY_NOT_VERIFIED,
                Cli.exitCode(new dev.lifeboat.engine.remote.HostKeyUnknownException(key)));
        assertEquals(
                ExitCodes.HOST_KEY_NOT_VERIFIED,
                Cli.exitCode(new dev.lifeboat.engine.remote.HostKeyChangedException(key, "known_hosts")));
        assertEquals(ExitCodes.CANCELLED, Cli.exitCode(new dev.lifeboat.engine.CancelledException("stop")));
        assertEquals(ExitCodes.FAILED, Cli.exitCode(new dev.lifeboat.engine.EngineException("no")));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aMalformedTargetIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("detect", "admin@host:70000"));
        assertTrue(err.toString().contains("70000"), err.toString());
    }

    /** A user descriptor that could not be read is a stack not looked for: a warning, and the answer is partial. */
    @Test
    void aBrokenUserDescriptorMakesTheJsonAnswerPartial() throws Exception {
        var detection = new dev.lifeboat.engine.stacks.Detection(List.of(), List.of("/opt"), List.of(), 1);
        JsonNode clean = new ObjectMapper().readTree(DetectCommand.toJson(detection, List.of(), false));
        assertEquals(false, clean.get("partial").asBoolean());
        JsonNode broken = new ObjectMapper()
                .readTree(DetectCommand.toJson(detection, List.of("stack descriptor wiki.yml: not valid YAML"), false));
        assertEquals(true, broken.get("partial").asBoolean());
        assertEquals(
                "stack descriptor wiki.yml: not valid YAML",
                broken.get("warnings").get(0).asText());
    }

    @Test
    void aRebuildableIndexSaysHowToRebuildItInTextAndJson() throws Exception {
        // The project's own corpus case of a Papermerge with its Solr index in a volume of its own (issue 21).
        String tree =
                Path.of("src/test/corpus/papermerge-3.0.3-mariadb-solr/tree").toString();
        String solr = "/var/lib/docker/volumes/papermerge_solr_data/_data";
        assertEquals(ExitCodes.OK, run("detect", "--fs", tree));
        assertTrue(out.toString().contains("After a restore, " + solr + ": rebuilt from the database"), out.toString());
        // What becomes of each row: the index is not kept, the database dumped, the media copied.
        List<String> rows = out.toString().lines().toList();
        assertTrue(rows.stream().anyMatch(l -> l.contains("not kept") && l.endsWith(solr)), out.toString());
        assertTrue(
                rows.stream().anyMatch(l -> l.contains("dumped") && l.endsWith("papermerge_maria/_data")),
                out.toString());
        assertTrue(
                rows.stream().anyMatch(l -> l.contains("copied") && l.endsWith("papermerge_media_root/_data")),
                out.toString());
        out.getBuffer().setLength(0);
        assertEquals(ExitCodes.OK, run("detect", "--fs", tree, "--json"));
        JsonNode rebuild = null;
        for (JsonNode c :
                new ObjectMapper().readTree(out.toString()).get("stacks").get(0).get("components")) {
            if (c.get("path").asText().equals(solr)) {
                assertEquals("rebuildable", c.get("class").asText());
                rebuild = c.get("rebuild");
            }
        }
        assertTrue(rebuild != null && rebuild.asText().contains("index"), out.toString());
    }
}
