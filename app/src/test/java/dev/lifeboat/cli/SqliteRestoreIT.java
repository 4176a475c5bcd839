package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite database, backed up as a dump and loaded back: none of the five stacks keeps one, so a compose
 * application on srv-b ({@code /opt/notes}) is described by a user stack descriptor that names its database file
 * (kind {@code sqlite}). The real jar runs with its own config folder. The database is changed after the backup; the
 * restore in place brings back exactly the snapshot's rows, with the file's owner, and a drill passes and leaves
 * nothing behind.
 */
@TestbedTest
class SqliteRestoreIT {
    private static final String APP = "/opt/notes";
    private static final String CONTAINER = "notes_app_1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DESCRIPTOR = String.join(
            "\n",
            "id: notes",
            "name: Notes (SQLite)",
            "anchors: [notes.conf]",
            "fingerprints:",
            "  - {file: notes.conf, weight: 60}",
            "keepUnmatchedMounts: false",
            "stopOrder: [app]",
            "components:",
            "  - {path: db/notes.db, kind: sqlite, class: backup}",
            "  - {path: uploads, kind: files, class: backup}",
            "  - {path: notes.conf, kind: config, class: backup}",
            "");
    /** Rows, their smallest and largest id, and a digest of every row, as python3 in the container sees them. */
    private static final String READ = String.join(
            "\n",
            "import sqlite3, hashlib",
            "c = sqlite3.connect('/db/notes.db')",
            "rows = c.execute('select * from notes order by id').fetchall()",
            "print(len(rows), rows[0][0], rows[-1][0], hashlib.sha256(repr(rows).encode()).hexdigest())");

    private final Testbed testbed;

    @TempDir
    static Path dir;

    SqliteRestoreIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @BeforeAll
    static void application(Testbed testbed) throws Exception {
        String compose = String.join(
                "\n",
                "services:",
                "  app:",
                // the testbed's neutral stand-in image (no stack's fingerprint), here stopping on SIGTERM
                "    image: lifeboat-testbed/standin-ignore-sigterm:1",
                "    environment:",
                "      STANDIN_APP: generic",
                "      STANDIN_IGNORE_SIGTERM: '0'",
                "    volumes:",
                "      - ./db:/db",
                "      - ./uploads:/uploads",
                "");
        String seed = String.join(
                "\n",
                "import sqlite3",
                "c = sqlite3.connect('/db/notes.db')",
                "c.execute('PRAGMA journal_mode=WAL')",
                "c.execute('create table notes(id integer primary key, title text, body blob)')",
                "c.executemany('insert into notes(title, body) values (?, ?)',",
                "              [('note %d – Ü\\n\\'quoted\\'' % i, bytes([i % 256]) * 100) for i in range(500)])",
                "c.execute('create table tags(name text)')",
                "c.execute(\"insert into tags values ('x')\")",
                "c.commit()");
        String tree = String.join(
                "; ",
                "set -e",
                "cd / && [ ! -d " + APP + " ] || (cd " + APP + " && docker compose down -t 1 >/dev/null 2>&1) || true",
                "rm -rf " + APP,
                "mkdir -p " + APP + "/db " + APP + "/uploads",
                "echo title=Notes > " + APP + "/notes.conf",
                "echo hello > " + APP + "/uploads/a.txt",
                "printf '%s' \"$1\" > " + APP + "/docker-compose.yml",
                "chown 1234:1234 " + APP + "/db",
                "cd " + APP + " && docker compose up -d",
                "printf '%s' \"$2\" | docker exec -i " + CONTAINER + " python3 -",
                "chown 1234:1234 " + APP + "/db/notes.db*");
        testbed.exec("srv-b", "sh", "-c", tree, "sh", compose, seed).orThrow();
        Path stacks = dir.resolve("config/lifeboat/stacks");
        Files.createDirectories(stacks);
        Files.writeString(stacks.resolve("notes.yml"), DESCRIPTOR);
    }

    @AfterAll
    static void removeApplication(Testbed testbed) {
        testbed.exec("srv-b", "sh", "-c", "cd " + APP + " && docker compose down -t 1; rm -rf " + APP);
    }

    /** Runs the real jar with the test's config folder (the user descriptor). */
    private static BackupCommandIT.Run lifeboat(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "lifeboat.jar").toAbsolutePath().toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
        }
        return new BackupCommandIT.Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> ssh() {
        return List.of(
                "root@" + TestbedHosts.ip("srv-b"),
                "-i",
                TestbedHosts.keyFile("root").toString(),
                "--known-hosts",
                Testbed.load().knownHostsFile().toString(),
                "--ssh-config",
                "none",
                "--batch",
                "--store",
                dir.resolve("store").toString());
    }

    private String read() {
        return testbed.exec(
                        "srv-b",
                        "sh",
                        "-c",
                        "printf '%s' \"$1\" | docker exec -i " + CONTAINER + " python3 -",
                        "sh",
                        READ)
                .orThrow()
                .stdout()
                .strip();
    }

    @Test
    void aSqliteDumpIsLoadedBackInPlaceAndInADrill() throws Exception {
        String before = read();
        assertTrue(before.startsWith("500 1 500 "), before);

        List<String> backup = new ArrayList<>(List.of("backup"));
        backup.addAll(ssh());
        backup.addAll(List.of("--app", APP, "--json", "--quiet-logs"));
        BackupCommandIT.Run b = lifeboat(backup);
        assertEquals(0, b.exit(), b.err() + b.out());
        JsonNode result =
                JSON.readTree(b.out().strip().lines().reduce((x, y) -> y).orElseThrow());
        Path snap = Path.of(result.get("snapshot").asText());
        Manifest m = SnapshotStore.readManifest(snap);
        assertEquals(1, m.dumps().size(), m.dumps().toString());
        Manifest.DumpEntry dump = m.dumps().get(0);
        assertEquals("sqlite", dump.engine());
        assertEquals(Map.of("notes", 500L, "tags", 1L), dump.counts());

        // After the backup: rows deleted and added, as the application would.
        testbed.exec(
                        "srv-b",
                        "docker",
                        "exec",
                        CONTAINER,
                        "python3",
                        "-c",
                        "import sqlite3; c = sqlite3.connect('/db/notes.db'); c.execute('delete from notes where id < 100');"
                                + " c.execute(\"insert into notes(title) values ('late')\"); c.commit()")
                .orThrow();
        assertTrue(read().startsWith("402 100 501 "), read());

        List<String> restore = new ArrayList<>(List.of("restore", snap.toString()));
        restore.addAll(ssh());
        restore.addAll(List.of("--overwrite", "--json", "--quiet-logs"));
        BackupCommandIT.Run r = lifeboat(restore);
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("loading dumps/" + dump.file()), r.out());
        assertEquals(before, read(), "the snapshot's rows, exactly");
        assertEquals(
                "1234:1234",
                testbed.exec("srv-b", "stat", "-c", "%u:%g", APP + "/db/notes.db")
                        .orThrow()
                        .stdout()
                        .strip(),
                "the database file has its folder's owner");
        assertEquals(
                "",
                testbed.exec("srv-b", "sh", "-c", "ls " + APP + "/db | grep -v '^notes.db$' || true")
                        .stdout()
                        .strip(),
                "no old copy, journal or load file left beside it");

        List<String> drill = new ArrayList<>(List.of("drill", snap.toString()));
        drill.addAll(ssh());
        BackupCommandIT.Run d = lifeboat(drill);
        assertEquals(0, d.exit(), d.err() + d.out());
        assertTrue(d.out().contains("Drill passed"), d.out());
        assertEquals(
                "",
                testbed.exec("srv-b", "sh", "-c", "docker ps -a --format '{{.Names}}' | grep lifeboat-drill || true")
                        .stdout()
                        .strip(),
                "the drill's containers are gone");
        assertEquals(before, read(), "the live database is untouched by the drill");
    }
}
