package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.workflow.StoreFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command line over a store made by real backups in which one snapshot's manifest was cut short (a copy cut
 * short, a disk error) and a run did not finish: {@code snapshots} lists the good ones beside the damaged one (with
 * the reason) and the incomplete one, {@code verify} says what is wrong, and restore, drill and their plans refuse the
 * damaged snapshot with exit 3 before logging in anywhere.
 */
class DamagedStoreCommandsTest {
    @TempDir
    Path dir;

    StoreFixture fixture;
    String store;
    Path a;
    Path b;
    Path c;
    Path cut;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void aStoreWithADamagedSnapshotBetweenTwoGoodOnesAndARunThatDidNotFinish() throws Exception {
        fixture = new StoreFixture(dir);
        a = fixture.snapshot();
        fixture.change("opt/app/data/b.txt", "second\n");
        b = fixture.snapshot();
        fixture.change("opt/app/data/b.txt", "third\n");
        c = fixture.snapshot();
        byte[] m = Files.readAllBytes(b.resolve(SnapshotStore.MANIFEST));
        Files.write(b.resolve(SnapshotStore.MANIFEST), Arrays.copyOf(m, m.length / 3));
        cut = fixture.appDir().resolve("29991231T000000Z");
        Files.createDirectories(cut.resolve("files/opt/app"));
        store = fixture.store.root().toString();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String id(Path p) {
        return fixture.store.idOf(p);
    }

    /** The line of the listing that starts with this snapshot's id. */
    private String line(Path p) {
        return out.toString()
                .lines()
                .filter(l -> l.startsWith(id(p) + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id(p) + " is not listed:\n" + out));
    }

    @Test
    void snapshotsListsTheGoodOnesBesideTheDamagedOneWithItsReason() {
        assertEquals(ExitCodes.OK, run("snapshots", "--store", store), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("ID "), text);
        for (Path good : new Path[] {a, c}) {
            assertTrue(line(good).contains("generic-compose"), line(good));
            assertTrue(line(good).contains("at backup"), line(good));
        }
        assertTrue(line(b).contains("DAMAGED"), line(b));
        assertTrue(
                text.contains(line(b) + "\n    damaged: manifest.json is not valid JSON (cut short or garbled: "),
                text);
        assertTrue(line(cut).contains("incomplete"), line(cut));
        assertTrue(text.contains("    incomplete: a run that did not finish"), text);
        assertTrue(text.contains("\n1 snapshot is damaged: restore and drill refuse them"), text);
        assertFalse(text.contains("Could not read"), text);
    }

    @Test
    void snapshotsJsonGivesEachSnapshotItsState() throws Exception {
        assertEquals(ExitCodes.OK, run("snapshots", "--store", store, "--json"), err.toString());
        JsonNode root = new ObjectMapper().readTree(out.toString());
        Map<String, JsonNode> byId = new HashMap<>();
        root.get("snapshots").forEach(n -> byId.put(n.get("id").asText(), n));
        assertEquals(4, byId.size(), out.toString());
        assertEquals("complete", byId.get(id(a)).get("state").asText());
        assertEquals("/opt/app", byId.get(id(a)).get("installDir").asText());
        assertEquals("complete", byId.get(id(c)).get("state").asText());
        JsonNode damaged = byId.get(id(b));
        assertEquals("damaged", damaged.get("state").asText());
        assertTrue(damaged.get("problems").get(0).asText().contains("is not valid JSON"), damaged.toString());
        assertTrue(damaged.get("sizeBytes").asLong() > 70_000, "its files are still measured: " + damaged);
        assertEquals("incomplete", byId.get(id(cut)).get("state").asText());
        assertEquals(1, root.get("damaged").asInt());
        assertEquals(1, root.get("incomplete").asInt());
    }

    @Test
    void verifyNamesTheDamageAndPassesTheGoodOnes() {
        assertEquals(ExitCodes.FAILED, run("verify", id(b), "--store", store), err.toString());
        assertTrue(out.toString().startsWith("FAILED: " + b), out.toString());
        assertTrue(out.toString().contains("is not valid JSON"), out.toString());
        assertEquals(ExitCodes.OK, run("verify", id(a), "--store", store), err + out.toString());
        assertTrue(out.toString().startsWith("OK: " + a + " is intact (1 dumps, 4 files"), out.toString());
        assertEquals(ExitCodes.USAGE, run("verify", id(cut), "--store", store), err.toString());
        assertTrue(err.toString().contains("is not a complete snapshot"), err.toString());
    }

    @Test
    void restoreDrillAndTheirPlansRefuseTheDamagedSnapshotBeforeLoggingIn() {
        // 192.0.2.1 is TEST-NET: had the command tried to log in, it would have failed with another message.
        for (String[] args : new String[][] {
            {"restore", id(b), "root@192.0.2.1", "--store", store, "--batch"},
            {"restore", b.toString(), "root@192.0.2.1", "--store", store, "--batch", "--overwrite"},
            {"drill", id(b), "--store", store, "--batch"},
            {"plan", "restore", id(b), "root@192.0.2.1", "--store", store},
            {"plan", "drill", id(b), "--store", store},
        }) {
            assertEquals(ExitCodes.REFUSED_BY_PREFLIGHT, run(args), String.join(" ", args) + ": " + err + out);
            assertTrue(
                    err.toString().contains("is damaged: manifest.json is not valid JSON (cut short or garbled: ")
                            && err.toString().contains("nothing was changed"),
                    err.toString());
        }
    }
}
