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

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "overleaf-toolkit-6.2.2-ce,       /home/admin/overleaf-toolkit",
        "seatable-6.1.8-compose,          /opt/seatable-compose",
        "papermerge-3.6-standard-compose, /opt/papermerge",
    })
    void theSnapshotHoldsTheSameWriterPairsInItsDumpsAndItsFiles(String deployment, String app) throws Exception {
        testbed.writerReset("srv-a", deployment);
        Testbed.WriterDescription w = testbed.writerDescribe("srv-a", deployment);
        testbed.writerOn("srv-a", deployment);
        try (BackupDriver d = new BackupDriver("srv-a", dir, dir.resolve("store"))) {
            Thread.sleep(1500);
            long before = testbed.writerStatus("srv-a", deployment).last();
            assertTrue(before > 0, "the writer writes before the backup starts");
            BackupWorkflow.Result r = d.backup(app, ProgressListener.NONE, new CancelToken());
            Manifest m = r.manifest();
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
            }
        } finally {
            testbed.writerReset("srv-a", deployment);
        }
    }

    private static long pairFiles(Path folder, String regex) throws Exception {
        Pattern p = Pattern.compile(regex);
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> p.matcher(f.getFileName().toString()).matches())
                    .count();
        }
    }
}
