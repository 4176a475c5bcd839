package dev.lifeboat.engine.offsite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.config.OffsiteRepository;
import dev.lifeboat.engine.store.Retention;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The restic commands as values, what restic's answers mean, and which snapshots the keep rules let go. */
class OffsiteResticCommandTest {
    static final OffsiteRepository NAS = new OffsiteRepository(
            "nas",
            "sftp:backup@nas:/srv/restic",
            OffsiteRepository.Secret.file(Path.of("/home/admin/.restic-pw")),
            null,
            List.of(),
            7,
            4,
            6,
            List.of("sftp.command=ssh -i /home/admin/.ssh/nas backup@nas -s sftp"));

    @Test
    void aPushIsOneResticBackupOfTheSnapshotFolderTaggedWithItsApplicationAndId() {
        ResticCommand c = ResticCommand.backup(
                NAS,
                Path.of("/store/10.0.0.5/papermerge/20261201T090840Z"),
                "10.0.0.5",
                "10.0.0.5/papermerge",
                "10.0.0.5/papermerge/20261201T090840Z",
                Instant.parse("2026-12-01T09:08:40Z"),
                "abcdef12");
        assertEquals(
                List.of(
                        "--option",
                        "sftp.command=ssh -i /home/admin/.ssh/nas backup@nas -s sftp",
                        "backup",
                        "--json",
                        "--host",
                        "10.0.0.5",
                        "--tag",
                        "lifeboat",
                        "--tag",
                        "app:10.0.0.5/papermerge",
                        "--tag",
                        "snapshot:10.0.0.5/papermerge/20261201T090840Z",
                        "--time",
                        "2026-12-01 09:08:40",
                        "--ignore-ctime",
                        "--parent",
                        "abcdef12",
                        "."),
                c.args());
        assertEquals(Path.of("/store/10.0.0.5/papermerge/20261201T090840Z"), c.workDir());
        assertTrue(c.changes());
    }

    @Test
    void noCommandCarriesTheRepositoryOrASecret() {
        List<ResticCommand> all = List.of(
                ResticCommand.init(NAS),
                ResticCommand.snapshots(NAS),
                ResticCommand.restore(NAS, "abc", Path.of("/tmp/x")),
                ResticCommand.forget(NAS, List.of("a", "b")),
                ResticCommand.check(NAS, 10),
                ResticCommand.unlock(NAS));
        for (ResticCommand c : all) {
            String line = String.join(" ", c.args());
            assertFalse(line.contains("/srv/restic"), "the address goes in RESTIC_REPOSITORY: " + line);
            assertFalse(line.contains(".restic-pw"), "the password file goes in RESTIC_PASSWORD_FILE: " + line);
        }
        assertEquals(
                List.of("forget", "--prune", "a", "b"),
                ResticCommand.forget(NAS, List.of("a", "b")).args().subList(2, 6));
    }

    @Test
    void checkReadsBackTheShareOfTheDataItIsGiven() {
        assertEquals("check", last(ResticCommand.check(NAS, 0)));
        assertEquals("--read-data-subset=25%", last(ResticCommand.check(NAS, 25)));
        assertEquals("--read-data", last(ResticCommand.check(NAS, 100)));
    }

    private static String last(ResticCommand c) {
        return c.args().get(c.args().size() - 1);
    }

    @Test
    void resticsVersionIsReadAndTooOldOnesAreTold() {
        ResticVersion v = ResticVersion.parse("restic 0.14.0 compiled with go1.19.8 on linux/amd64")
                .orElseThrow();
        assertEquals(new ResticVersion(0, 14, 0), v);
        assertTrue(v.atLeast(ResticVersion.MINIMUM));
        assertFalse(v.hasDetailedExitCodes());
        assertFalse(ResticVersion.parse("restic 0.11.0 compiled with go1.15.9 on linux/amd64")
                .orElseThrow()
                .atLeast(ResticVersion.MINIMUM));
        assertTrue(ResticVersion.parse("restic 0.17.3 compiled with go1.23.3 on linux/amd64")
                .orElseThrow()
                .hasDetailedExitCodes());
        assertTrue(ResticVersion.parse("bash: restic: command not found").isEmpty());
    }

    @Test
    void whatResticSaysIsTurnedIntoWhatToDo() {
        ResticVersion old = new ResticVersion(0, 14, 0);
        assertTrue(Restic.explain(NAS, old, 1, "Fatal: wrong password or no key found\n")
                .contains("is wrong"));
        assertTrue(Restic.explain(NAS, new ResticVersion(0, 17, 0), 12, "").contains("is wrong"), "0.17's exit code");
        String unreachable = Restic.explain(
                NAS,
                old,
                1,
                "Fatal: unable to open config file: client.Head: dial tcp 127.0.0.1:9: connect: connection refused\n"
                        + "Is there a repository at the following location?\nrest:http://127.0.0.1:9/\n");
        assertTrue(unreachable.contains("cannot be opened: unable to open config file"), unreachable);
        assertTrue(unreachable.contains("connection refused"), unreachable);
        String full = Restic.explain(
                NAS,
                old,
                1,
                "Fatal: unable to save snapshot: write /mnt/x/data/47/47c9-tmp: no space left on device\n");
        assertTrue(full.contains("is full") && full.contains("local snapshots are untouched"), full);
        assertTrue(Restic.explain(
                        NAS,
                        old,
                        1,
                        "Fatal: unable to create lock in backend: repository is already locked"
                                + " by PID 55 on nas by root")
                .contains("locked by another restic run"));
    }

    @Test
    void aGoStackTraceIsNotTakenForTheReason() {
        // restic 0.14's stderr when an SFTP server refuses to write its lock (taken from a real run, shortened).
        String errors = "Save(<lock/c0f1cbfd6a>) returned error, retrying after 552.330144ms: Write: sftp:"
                + " \"Failure\" (SSH_FX_FAILURE)\n"
                + "sftp: \"Failure\" (SSH_FX_FAILURE)\n"
                + "Write\n"
                + "github.com/restic/restic/internal/restic.(*Lock).createLock\n"
                + "\tgithub.com/restic/restic/internal/restic/lock.go:161\n"
                + "main.main\n"
                + "\tgithub.com/restic/restic/cmd/restic/main.go:98\n"
                + "runtime.goexit\n"
                + "\truntime/asm_amd64.s:1594\n"
                + "unable to create lock in backend\n";
        assertEquals("unable to create lock in backend", Restic.fatal(errors));
        String said = Restic.explain(NAS, new ResticVersion(0, 14, 0), 1, errors);
        assertTrue(said.contains("refused to write (unable to create lock in backend); its disk may be full"), said);
    }

    @Test
    void aFullDiskStopsResticsRetriesAndTheReasonIsTheWriteThatFailed() {
        String retry = "Save(<data/6f0e2a9d41>) returned error, retrying after 720.5ms: Write: sftp: \"Failure\""
                + " (SSH_FX_FAILURE)";
        assertTrue(Restic.isFullAndRetrying(retry));
        assertTrue(Restic.isFullAndRetrying("Save(<data/ab>) returned error, retrying after 1.1s: open /mnt/r/data/ab:"
                + " no space left on device"));
        assertFalse(Restic.isFullAndRetrying("Load(<data/ab>) returned error, retrying after 1.1s: connection reset"));
        assertFalse(Restic.isFullAndRetrying("open /mnt/r/data/ab: no space left on device")); // not a retry
        // After Lifeboat's SIGINT restic says only that it stops: the reason is the write that failed.
        // (restic clears its status line first: ESC [2K, as in a real run)
        String errors = retry + "\n\u001B[2Ksignal interrupt received, cleaning up\n";
        assertEquals("Write: sftp: \"Failure\" (SSH_FX_FAILURE)", Restic.fatal(errors));
        String said = Restic.explain(NAS, new ResticVersion(0, 14, 0), 130, errors);
        assertTrue(
                said.contains("refused to write (Write: sftp: \"Failure\" (SSH_FX_FAILURE)); its disk may be full"),
                said);
    }

    @Test
    void aPasswordInARepositoryAddressIsMasked() {
        assertEquals(
                "rest:https://backup:***@nas:8000/lab", Locations.display("rest:https://backup:secret@nas:8000/lab"));
        assertEquals("sftp:backup@nas:/srv/restic", Locations.display("sftp:backup@nas:/srv/restic"));
    }

    @Test
    void onlyLifeboatsSnapshotsWithAnIdThatNamesAStoreFolderAreRead() throws Exception {
        String json = "[{\"time\":\"2026-12-01T09:08:40.123+01:00\",\"hostname\":\"h\",\"id\":\"aaaa1111bbbb\","
                + "\"tags\":[\"lifeboat\",\"app:h/papermerge\",\"snapshot:h/papermerge/20261201T080840Z\"]},"
                + "{\"time\":\"2026-12-01T10:00:00Z\",\"id\":\"cccc\",\"tags\":[\"other\"]},"
                + "{\"time\":\"2026-12-01T10:00:00Z\",\"id\":\"dddd\",\"tags\":[\"app:h/x\",\"snapshot:h/x/../../etc\"]}]";
        List<RemoteSnapshot> l = RemoteSnapshot.parse(new ObjectMapper().readTree(json));
        assertEquals(1, l.size(), l.toString());
        RemoteSnapshot s = l.get(0);
        assertEquals("h/papermerge/20261201T080840Z", s.id());
        assertEquals("h/papermerge", s.appId());
        assertEquals("20261201T080840Z", s.folder());
        assertEquals(Instant.parse("2026-12-01T08:08:40.123Z"), s.time());
        assertEquals("aaaa1111", s.shortId());
    }

    @Test
    void theKeepRulesForgetPerApplicationAndEveryCopyOfAnIdButTheNewest() {
        List<RemoteSnapshot> there = List.of(
                snap("r1", "a/x/20261201T000000Z", 1),
                snap("r2", "a/x/20261202T000000Z", 2),
                snap("r3", "a/x/20261203T000000Z", 3),
                snap("r4", "a/x/20261203T000000Z", 4), // the same snapshot pushed twice
                snap("r5", "b/y/20261201T000000Z", 5));
        assertEquals(
                List.of("r1", "r2", "r3"), OffsitePush.toForget(there, Set.of("a/x", "b/y"), new Retention(1, 0, 0)));
        assertEquals(
                List.of("r3"), OffsitePush.toForget(there, Set.of("a/x"), new Retention(7, 4, 6)), "duplicates only");
        assertEquals(List.of(), OffsitePush.toForget(there, Set.of("b/y"), new Retention(1, 0, 0)));
    }

    private static RemoteSnapshot snap(String resticId, String id, int minute) {
        return new RemoteSnapshot(
                resticId, id, id.substring(0, id.lastIndexOf('/')), Instant.ofEpochSecond(60L * minute), "h");
    }
}
