package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.probe.Probe;
import dev.lifeboat.engine.stacks.Detector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and unusual servers, as {@code detect --fs DIR} sees them: each tree is built here, each case once gave a
 * wrong answer with exit 0 and no warning, a crash or a hang.
 */
class HostileInputTest {
    @TempDir
    Path root;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private JsonNode json(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("detect", "--fs", root.toString(), "--json"));
        args.addAll(List.of(extra));
        assertEquals(ExitCodes.OK, run(args.toArray(String[]::new)), err.toString());
        return new ObjectMapper().readTree(out.toString());
    }

    private Path write(String serverPath, String text) throws IOException {
        Path p = root.resolve(serverPath.substring(1));
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static JsonNode only(JsonNode doc) {
        assertEquals(1, doc.get("stacks").size(), doc.toPrettyString());
        return doc.get("stacks").get(0);
    }

    private static List<String> paths(JsonNode stack) {
        List<String> out = new ArrayList<>();
        stack.get("components").forEach(c -> out.add(c.get("path").asText()));
        return out;
    }

    private static String warnings(JsonNode doc) {
        return doc.get("warnings").toString();
    }

    private static String padding(int bytes) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < bytes) {
            sb.append("# padding padding padding padding padding padding padding padding padding padding\n");
        }
        return sb.toString();
    }

    private static final String OVERLEAF_COMPOSE = String.join(
            "\n",
            "services:",
            "  sharelatex:",
            "    image: sharelatex/sharelatex:5.1.1",
            "    volumes: ['./sharelatex_data:/var/lib/overleaf']",
            "  mongo:",
            "    image: mongo:6.0",
            "    volumes: ['./mongo_data:/data/db']",
            "");

    // --- files cut at 512 KiB -------------------------------------------------------------------------------------

    @Test
    void aComposeFileLargerThanHalfAMebibyteIsReadWhole() throws Exception {
        write("/srv/ol/docker-compose.yml", padding(700 << 10) + OVERLEAF_COMPOSE);
        JsonNode s = only(json());
        assertEquals("overleaf", s.get("stack").asText());
        assertTrue(paths(s).contains("/srv/ol/mongo_data"), paths(s).toString());
    }

    @Test
    void anOverleafRcLargerThanHalfAMebibyteStillGivesTheEdition() throws Exception {
        write("/srv/tk/lib/docker-compose.base.yml", "services: {}\n");
        write("/srv/tk/config/overleaf.rc", padding(700 << 10) + "SERVER_PRO=true\n");
        write("/srv/tk/config/version", "5.1.1\n");
        JsonNode s = only(json());
        assertEquals("server-pro", s.get("edition").asText());
    }

    @Test
    void aFileLargerThanTheBoundIsCutWithAWarningSayingSo() throws Exception {
        write("/srv/big/docker-compose.yml", padding(Probe.MAX_FILE_BYTES + 1000) + OVERLEAF_COMPOSE);
        JsonNode doc = json();
        assertTrue(warnings(doc).contains("/srv/big/docker-compose.yml is larger than 8 MiB"), warnings(doc));
        assertTrue(doc.get("partial").asBoolean());
        assertFalse(warnings(doc).contains("not valid YAML"), "a cut file is not invalid YAML: " + warnings(doc));
    }

    // --- include, extends, links ----------------------------------------------------------------------------------

    @Test
    void composeIncludeIsFollowedWithPathsFromTheIncludedFilesFolder() throws Exception {
        write(
                "/srv/app/docker-compose.yml",
                "include:\n  - db/compose.db.yml\nservices:\n  web:\n    image: sharelatex/sharelatex:5.1.1\n"
                        + "    volumes: ['./data:/var/lib/overleaf']\n");
        write(
                "/srv/app/db/compose.db.yml",
                "services:\n  mongo:\n    image: mongo:6.0\n    volumes: ['./mongo:/data/db']\n");
        JsonNode s = only(json());
        assertEquals("overleaf", s.get("stack").asText());
        assertTrue(paths(s).contains("/srv/app/db/mongo"), paths(s).toString());
    }

    @Test
    void composeExtendsFromAnotherFileIsFollowed() throws Exception {
        write(
                "/srv/pm/docker-compose.yml",
                "services:\n  web:\n    extends:\n      file: common/base.yml\n      service: papermerge\n"
                        + "    ports: ['8000:80']\n");
        write(
                "/srv/pm/common/base.yml",
                "services:\n  papermerge:\n    image: papermerge/papermerge:3.5.3\n"
                        + "    volumes: ['./media:/core_app/media']\n");
        JsonNode s = only(json());
        assertEquals("papermerge", s.get("stack").asText());
        assertEquals("3.5.3", s.get("version").asText());
        assertTrue(paths(s).contains("/srv/pm/common/media"), paths(s).toString());
    }

    @Test
    void aComposeFileThatIsALinkToAnotherFileInItsFolderIsRead() throws Exception {
        write("/srv/ol/compose.prod.yaml", OVERLEAF_COMPOSE);
        Files.createSymbolicLink(root.resolve("srv/ol/docker-compose.yml"), Path.of("compose.prod.yaml"));
        JsonNode s = only(json());
        assertEquals("overleaf", s.get("stack").asText());
        assertEquals("/srv/ol", s.get("installDir").asText());
    }

    @Test
    void anInstallFolderReachedThroughALinkInsideTheTreeIsFound() throws Exception {
        write("/var/apps/overleaf/docker-compose.yml", OVERLEAF_COMPOSE);
        Files.createDirectories(root.resolve("opt"));
        // Absolute, as on the server: /opt/overleaf -> /var/apps/overleaf, which is inside DIR.
        Files.createSymbolicLink(root.resolve("opt/overleaf"), Path.of("/var/apps/overleaf"));
        JsonNode s = only(json());
        assertEquals("/opt/overleaf", s.get("installDir").asText());
        assertTrue(paths(s).contains("/opt/overleaf/mongo_data"), paths(s).toString());
    }

    @Test
    void aLinkOutOfTheTreeIsNeverFollowed(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("docker-compose.yml"), OVERLEAF_COMPOSE);
        Files.createDirectories(root.resolve("opt"));
        Files.createSymbolicLink(root.resolve("opt/elsewhere"), outside.toAbsolutePath());
        Files.createSymbolicLink(root.resolve("opt/up"), Path.of("../../../../../../../../.." + outside));
        assertEquals(0, json().get("stacks").size(), out.toString());
    }

    @Test
    void aSymbolicLinkLoopIsCalledThatNotUnreadable() throws Exception {
        write(
                "/srv/app/docker-compose.yml",
                "services:\n  a:\n    image: example/app:1\n    volumes: ['./loop/data:/data']\n");
        Files.createSymbolicLink(root.resolve("srv/app/loop"), Path.of("loop"));
        JsonNode s = only(json());
        JsonNode c = s.get("components").findParents("path").stream()
                .filter(n -> n.get("path").asText().equals("/srv/app/loop/data"))
                .findFirst()
                .orElseThrow();
        assertTrue(c.get("note").asText().contains("symbolic link loop"), c.toString());
        assertFalse(c.get("note").asText().contains("not readable"), c.toString());
    }

    // --- where detection looks ------------------------------------------------------------------------------------

    @Test
    void installsUnderDataVarWwwMntAndUsrLocalAndDeeperDownAreFound() throws Exception {
        write("/data/ol/docker-compose.yml", OVERLEAF_COMPOSE);
        write("/var/www/ol/docker-compose.yml", OVERLEAF_COMPOSE);
        write("/mnt/disk1/ol/docker-compose.yml", OVERLEAF_COMPOSE);
        write("/usr/local/ol/docker-compose.yml", OVERLEAF_COMPOSE);
        write("/home/ann/work/clients/acme/prod/overleaf/docker-compose.yml", OVERLEAF_COMPOSE);
        JsonNode doc = json();
        List<String> dirs = new ArrayList<>();
        doc.get("stacks").forEach(s -> dirs.add(s.get("installDir").asText()));
        assertEquals(
                List.of(
                        "/data/ol",
                        "/home/ann/work/clients/acme/prod/overleaf",
                        "/mnt/disk1/ol",
                        "/usr/local/ol",
                        "/var/www/ol"),
                dirs);
    }

    @Test
    void whenNothingIsFoundTheSearchLimitsAreSaidWithoutExplain() {
        assertEquals(ExitCodes.OK, run("detect", "--fs", root.toString()));
        assertTrue(out.toString().contains(Detector.searchLimits()), out.toString());
        assertTrue(out.toString().contains(Detector.SEARCH_DEPTH + " levels"), out.toString());
    }

    // --- rc and env files -----------------------------------------------------------------------------------------

    @Test
    void anUnterminatedQuoteInAnRcFileIsNotTakenAsAPath() throws Exception {
        write("/srv/tk/lib/docker-compose.base.yml", "services: {}\n");
        write("/srv/tk/config/overleaf.rc", "OVERLEAF_DATA_PATH=\"/srv/elsewhere\nSERVER_PRO=false\n");
        JsonNode doc = json();
        JsonNode s = only(doc);
        assertTrue(paths(s).stream().noneMatch(p -> p.contains("\"")), paths(s).toString());
        assertTrue(warnings(doc).contains("never closed"), warnings(doc));
    }

    @Test
    void aCommandInAnRcFileIsNotRunNorTakenAsAPath() throws Exception {
        write("/srv/tk/lib/docker-compose.base.yml", "services: {}\n");
        write("/srv/tk/config/overleaf.rc", "OVERLEAF_DATA_PATH=$(pwd)/data/overleaf\n");
        JsonNode doc = json();
        JsonNode s = only(doc);
        assertTrue(paths(s).stream().noneMatch(p -> p.contains("$(")), paths(s).toString());
        assertTrue(warnings(doc).contains("output of a command"), warnings(doc));
    }

    @Test
    void aGarbageOverleafRcIsSaidAndDoesNotSilentlyMeanCommunityEdition() throws Exception {
        write("/srv/tk/lib/docker-compose.base.yml", "services: {}\n");
        write("/srv/tk/config/overleaf.rc", "\u0000\u0001PK\u0003\u0004 garbage\nmore garbage here\n");
        JsonNode doc = json();
        JsonNode s = only(doc);
        assertTrue(s.get("edition").isNull(), s.toString());
        assertTrue(warnings(doc).contains("/srv/tk/config/overleaf.rc holds no KEY=value setting"), warnings(doc));
    }

    // --- YAML -----------------------------------------------------------------------------------------------------

    @Test
    void duplicateKeysInAComposeFileAreRefusedWithAClearMessageAndNoLibraryLogLines() throws Exception {
        write(
                "/srv/dup/docker-compose.yml",
                "services:\n  app:\n    image: sharelatex/sharelatex:5\n    image: evil/other:1\n");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        JsonNode doc;
        try {
            System.setErr(new PrintStream(raw, true, StandardCharsets.UTF_8));
            doc = json();
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(0, doc.get("stacks").size(), doc.toString());
        assertTrue(warnings(doc).contains("has the key 'image' twice (line 4"), warnings(doc));
        assertEquals("", raw.toString(StandardCharsets.UTF_8), "nothing printed behind the CLI's back");
    }

    @Test
    void anAliasBombUsedAsEnvironmentIsRefusedQuickly() throws Exception {
        // Nine levels of nine: under 1 KB of text, 9^9 values when walked.
        StringBuilder y = new StringBuilder("x-a: &a [l,l,l,l,l,l,l,l,l]\n");
        String prev = "a";
        for (char c = 'b'; c <= 'i'; c++) {
            y.append("x-").append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                y.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            y.append("]\n");
            prev = String.valueOf(c);
        }
        y.append("services:\n  app:\n    image: sharelatex/sharelatex:5\n    environment: *i\n");
        assertTrue(y.length() < 1024, "bomb size " + y.length());
        write("/srv/bomb/docker-compose.yml", y.toString());
        JsonNode doc = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> json());
        assertTrue(warnings(doc).contains("alias bomb"), warnings(doc));
    }

    // --- names and output -----------------------------------------------------------------------------------------

    @Test
    void aBackslashInAFolderNameIsPartOfTheName() throws Exception {
        write("/srv/we\\ird/docker-compose.yml", OVERLEAF_COMPOSE);
        assertEquals("/srv/we\\ird", only(json()).get("installDir").asText());
    }

    @Test
    void newlinesAndEscapeCharactersInFolderNamesArePrintedEscaped() throws Exception {
        write("/srv/evil\n\u001b[31mred/docker-compose.yml", OVERLEAF_COMPOSE);
        assertEquals(ExitCodes.OK, run("detect", "--fs", root.toString()));
        String text = out.toString();
        assertFalse(text.contains("\u001b"), "raw escape character printed");
        assertTrue(text.contains("/srv/evil\\n\\x1b[31mred"), text);
    }

    @Test
    void jsonCarriesWarningsAndSaysWhenDetectionWasPartial() throws Exception {
        write("/srv/good/docker-compose.yml", OVERLEAF_COMPOSE);
        JsonNode clean = json();
        assertEquals("[]", warnings(clean));
        assertFalse(clean.get("partial").asBoolean());
        write("/srv/bad/docker-compose.yml", "services:\n  a: [unclosed\n");
        JsonNode partial = json();
        assertTrue(warnings(partial).contains("/srv/bad/docker-compose.yml is not valid YAML"), warnings(partial));
        assertTrue(partial.get("partial").asBoolean());
    }

    @Test
    void jsonWithExplainKeepsTheExplanation() throws Exception {
        write("/srv/good/docker-compose.yml", OVERLEAF_COMPOSE);
        JsonNode doc = json("--explain");
        assertTrue(doc.get("lookedAt").toString().contains("searched " + Detector.searchLimits()), doc.toString());
        assertTrue(doc.get("lookedAt").toString().contains("folders searched: /srv"), doc.toString());
        assertTrue(only(doc).get("evidence").toString().contains("image sharelatex/sharelatex"), doc.toString());
    }

    @Test
    void anEmptyFsArgumentIsAUsageErrorNotTheCurrentFolder() {
        assertEquals(ExitCodes.USAGE, run("detect", "--fs", ""));
        assertTrue(err.toString().contains("--fs needs a folder"), err.toString());
    }

    // --- SSH options checked before connecting (127.0.0.1:9 is never contacted) ----------------------------------

    @Test
    void aMissingKeyFileIsAUsageErrorBeforeConnecting() {
        assertEquals(
                ExitCodes.USAGE,
                run("detect", "--batch", "-i", root.resolve("no-such-key").toString(), "admin@127.0.0.1:9"));
        assertTrue(err.toString().contains("no-such-key: no such file"), err.toString());
    }

    @Test
    void aMalformedAcceptHostKeyIsAUsageErrorBeforeConnecting() {
        assertEquals(
                ExitCodes.USAGE, run("detect", "--batch", "--accept-host-key", "SHA256:tooShort", "admin@127.0.0.1:9"));
        assertTrue(err.toString().contains("is not a host key fingerprint"), err.toString());
    }

    @Test
    void aMissingSshConfigFileIsAUsageErrorBeforeConnecting() {
        assertEquals(
                ExitCodes.USAGE,
                run("detect", "--batch", "--ssh-config", root.resolve("nope").toString(), "admin@127.0.0.1:9"));
        assertTrue(err.toString().contains("--ssh-config"), err.toString());
    }
}
