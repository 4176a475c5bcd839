package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With the stand-ins' writer mode on (file N, then row N, continuously), a backup holds exactly the same N in its
 * dumps as in its files: proof that the dumps are taken after the application stopped and that the files are
 * copied again after the stop. One deployment per database engine (MongoDB is the testbed's stand-in). Redis is in
 * the Overleaf pair too, but its count in the manifest is keys per db, not the writer's hash fields: it is not compared
 * here.
 */
@TestbedTest
class BackupConsistencyIT {
    private final Testbed testbed;

    @TempDir
    Path dir;

    BackupConsistencyIT(Testbed testbed) {
        this.testbed = testbed;
    }

    /**
     * {@code way}: how the writer's folder is copied after the stop. {@code walk}: by the window's listing of what
     * changed (ADR 0015). {@code frozen}: the testbed's {@code /opt} is a btrfs volume (SeaTable's writer folder is
     * there), so the window freezes it with a snapshot and what changed is read from the snapshot after the window
     * (ADR 0017).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "overleaf-toolkit-6.2.2-ce,       /home/admin/overleaf-toolkit, walk",
        "seatable-6.1.8-compose,          /opt/seatable-compose,        frozen",
        "papermerge-3.6-standard-compose, /opt/papermerge,              walk",
    })
    void theSnapshotHoldsTheSameWriterPairsInItsDumpsAndItsFiles(String deployment, String app, String way)
            throws Exception {
        testbed.writerReset("srv-a", deployment);
        Testbed.WriterDescription w = testbed.writerDescribe("srv-a", deployment);
        testbed.writerOn("srv-a", deployment);
        try (BackupDriver d = new BackupDriver("srv-a", dir, dir.resolve("store"))) {
            Thread.sleep(1500);
            long before = testbed.writerStatus("srv-a", deployment).last();
            assertTrue(before > 0, "the writer writes before the backup starts");
            BackupWorkflow.Result r = d.backup(app, ProgressListener.NONE, new CancelToken());
            Manifest m = r.manifest();
            // The proof holds for the final delta of what changed since the marker (ADR 0015), not a fallback,
            // in the window or, on btrfs, from the snapshot the window took (ADR 0017).
            String delta = summary(m, "final-sync");
            if (way.equals("frozen")) {
                assertTrue(
                        delta.contains("froze /opt (btrfs snapshot)"),
                        "the window froze the btrfs subvolume: " + delta);
                String frozen = summary(m, "frozen-copy");
                assertTrue(
                        frozen.contains("only what changed since the pre-sync began"),
                        "what changed was read from the snapshot: " + frozen);
                assertTrue(
                        testbed.exec("srv-a", "sh", "-c", "ls -a /opt | grep -c lifeboat-frozen || true")
                                .orThrow()
                                .stdout()
                                .strip()
                                .equals("0"),
                        "the snapshot is deleted");
            } else {
                assertTrue(
                        delta.contains("only what changed since the pre-sync began"),
                        "the final delta copied only what changed: " + delta);
            }
            Map<String, Long> counts = new HashMap<>();
            m.dumps().forEach(x -> counts.putAll(x.counts()));
            long files = pairFiles(
                    r.snapshot().resolve("files" + w.folder().serverPath()),
                    w.folder().fileRegex());
            assertTrue(files > before, "pairs written during the pre-sync are in the snapshot too: " + files);
            for (Testbed.WriterStore s : w.stores()) {
                if (s.engine().equals("redis")) {
                    continue;
                }
                String key =
                        switch (s.engine()) {
                            case "postgres" -> s.database() + "." + (s.schema() == null ? "public" : s.schema()) + "."
                                    + s.name();
                            default -> s.database() + "." + s.name();
                        };
                Long rows = counts.get(key);
                assertNotNull(rows, key + " is counted in the manifest: " + counts.keySet());
                assertEquals(files, rows, deployment + ": " + key + " holds as many pairs as the folder");
                // And what the dump file itself holds (the manifest's SQL counts are queried beside the dump):
                if (!s.engine().equals("mongo")) {
                    assertEquals(
                            files,
                            rowsInDump(r.snapshot(), m, s),
                            deployment + ": rows of " + key + " in the dump file");
                }
            }
        } finally {
            testbed.writerReset("srv-a", deployment);
        }
    }

    private static String summary(Manifest m, String step) {
        return m.steps().stream()
                .filter(x -> x.id().equals(step))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + step + " in the manifest"))
                .summary();
    }

    /** Rows of the writer's table in the snapshot's dump of that database, read from the dump file. */
    private long rowsInDump(Path snap, Manifest m, Testbed.WriterStore s) throws Exception {
        Manifest.DumpEntry d = m.dumps().stream()
                .filter(x -> s.database().equals(x.database()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no dump of " + s.database()));
        byte[] raw;
        try (var in =
                new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(snap.resolve("dumps/" + d.file())))) {
            raw = in.readAllBytes();
        }
        if (s.engine().equals("mariadb")) {
            // mariadb-dump writes "INSERT INTO `t` VALUES" then one "(...)," per row (older ones: all on one line).
            long n = 0;
            boolean in = false;
            for (String line : new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("INSERT INTO `" + s.name() + "` VALUES")) {
                    String rest = line.substring(("INSERT INTO `" + s.name() + "` VALUES").length())
                            .strip();
                    if (!rest.isEmpty()) {
                        n += rest.split("\\),\\(", -1).length;
                    } else {
                        in = true;
                    }
                } else if (in) {
                    n++;
                    in = !line.endsWith(";");
                }
            }
            return n;
        }
        // PostgreSQL custom format: the database's own pg_restore reads it back, in the testbed's container.
        String container = testbed.exec(
                        "srv-a",
                        "docker",
                        "ps",
                        "-q",
                        "--filter",
                        "label=com.docker.compose.project=" + s.project(),
                        "--filter",
                        "label=com.docker.compose.service=" + s.service())
                .orThrow()
                .stdout()
                .strip();
        String sql = testbed.execWithInput(
                        "srv-a",
                        raw,
                        "docker",
                        "exec",
                        "-i",
                        container,
                        "pg_restore",
                        "-f",
                        "-",
                        "--data-only",
                        "-t",
                        s.name())
                .orThrow()
                .stdout();
        long n = 0;
        boolean in = false;
        for (String line : sql.split("\n")) {
            if (line.startsWith("COPY ") && line.contains(s.name())) {
                in = true;
            } else if (line.equals("\\.")) {
                in = false;
            } else if (in) {
                n++;
            }
        }
        return n;
    }

    private static long pairFiles(Path folder, String regex) throws Exception {
        Pattern p = Pattern.compile(regex);
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> p.matcher(f.getFileName().toString()).matches())
                    .count();
        }
    }
}
