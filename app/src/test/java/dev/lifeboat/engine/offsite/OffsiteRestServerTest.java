package dev.lifeboat.engine.offsite;

import static dev.lifeboat.engine.offsite.OffsiteFixture.APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.LocalTools;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.service.Offsite;
import dev.lifeboat.engine.store.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository behind restic's REST protocol, served by a real server: rclone's {@code serve restic} (Debian's
 * rclone), storing into a folder. Two snapshots go there, the keep rules forget the older one, and a computer that
 * never saw the site brings the newer one back, verified.
 */
class OffsiteRestServerTest {
    @TempDir
    Path dir;

    @Test
    void twoPushesTheKeepRulesAndARestoreOnANewComputerOverTheRestProtocol() throws Exception {
        Path rclone = LocalTools.require("rclone", "rclone");
        int port = LocalServer.freePort();
        Path data = Files.createDirectories(dir.resolve("rest-data"));
        try (LocalServer server = LocalServer.start(
                List.of(rclone.toString(), "serve", "restic", data.toString(), "--addr", "127.0.0.1:" + port),
                port,
                dir.resolve("rclone.log"))) {
            String repo = "rest:http://127.0.0.1:" + port + "/lab/";
            OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
            laptop.add(laptop.repository("rest", repo, 1, 0, 0), true);
            Path s1 = laptop.snapshot("20261201T090000Z", null, OffsiteLocalRepositoryTest.FIRST, 200_000);
            laptop.offsite().push("rest", null, e -> {}, CancelToken.NONE);
            laptop.snapshot("20261202T090000Z", s1, OffsiteLocalRepositoryTest.second(), 200_000);
            List<WorkflowEvent> seen = OffsiteLocalRepositoryTest.events();
            laptop.offsite().push("rest", null, seen::add, CancelToken.NONE);
            assertTrue(
                    seen.stream()
                            .anyMatch(e -> e instanceof WorkflowEvent.Progress p
                                    && p.step().equals("offsite:rest")),
                    "restic's status lines are the step's progress: " + seen);
            assertEquals(
                    List.of(APP + "/20261202T090000Z"),
                    laptop.offsite().snapshots("rest", CancelToken.NONE).stream()
                            .map(RemoteSnapshot::id)
                            .toList());
            assertTrue(Files.isDirectory(data.resolve("lab/data")), "the server stored the repository: " + server);

            OffsiteFixture fresh = new OffsiteFixture(dir, "new-laptop");
            Files.copy(laptop.passwordFile, fresh.passwordFile, StandardCopyOption.REPLACE_EXISTING);
            fresh.add(fresh.repository("rest", repo), false);
            try (Offsite.Fetched f = fresh.offsite().fetch("rest", "20261202T090000Z", e -> {}, CancelToken.NONE)) {
                assertTrue(
                        Verifier.verify(f.snapshot(), b -> {}, CancelToken.NONE).ok());
                assertEquals(
                        OffsiteFixture.FILE_STAT,
                        OffsiteFixture.readStat(f.snapshot().resolve("files/opt/papermerge/media/c.pdf")));
            }
            assertTrue(OffsiteLocalRepositoryTest.failed(fresh.offsite()
                            .check("rest", 100, e -> {}, CancelToken.NONE)
                            .records())
                    == false);
        }
    }
}
