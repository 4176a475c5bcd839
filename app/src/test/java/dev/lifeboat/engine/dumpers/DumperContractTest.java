package dev.lifeboat.engine.dumpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.FakeShell;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Dumper} keeps (conventions rule 3): one subclass per engine gives the container's environment
 * and what its tools answer; the tests are the same for all.
 */
abstract class DumperContractTest {
    static final String SECRET = "s3cr3t-value-never-on-a-command-line";

    abstract Dumper dumper();

    /** The database container's environment, holding {@link #SECRET} where the engine has a password. */
    abstract Map<String, String> env();

    /** What the probe script prints when the tools are there. */
    abstract String probeOutput();

    /** The dump jobs the probe output should lead to, by name. */
    abstract List<String> expectedJobs();

    /** Sample output of the counting command (or the dump's stderr, for engines that report counts there). */
    abstract String countOutput();

    abstract Map<String, Long> expectedCounts();

    /** The component's path on the server. */
    String dataPath() {
        return "/srv/data/db";
    }

    ContainerState container() {
        return new ContainerState(
                "0123456789abcdef",
                "db_1",
                "proj",
                "db",
                "image:1",
                "running",
                "",
                List.of(),
                List.of(),
                env(),
                Optional.empty(),
                List.of());
    }

    @Test
    void theProbeFindsWhatToDumpAndOnlyReads() throws Exception {
        FakeShell shell = new FakeShell().on("TOOL", 0, probeOutput(), "");
        Dumper.Source s = dumper().probe(new Docker(shell), container(), dataPath());
        assertFalse(s.tool().isBlank());
        for (CommandSpec c : shell.ran()) {
            assertFalse(c.mutating(), "a probe only reads: " + c.display());
            assertEquals(
                    List.of("docker", "exec", "-i", "0123456789abcdef", "sh", "-c"),
                    c.args().subList(0, 6));
        }
    }

    @Test
    void aMissingToolIsNamedAndRefused() {
        FakeShell shell = new FakeShell().on("TOOL", 0, "MISSING " + dumper().tool() + "\n", "");
        ToolMissingException e = assertThrows(
                ToolMissingException.class, () -> dumper().probe(new Docker(shell), container(), dataPath()));
        assertTrue(e.getMessage().contains(dumper().tool()), e.getMessage());
        assertTrue(e.getMessage().contains("db_1"), "names the container: " + e.getMessage());
    }

    @Test
    void noPasswordIsEverInACommandLine() throws Exception {
        FakeShell shell = new FakeShell().on("TOOL", 0, probeOutput(), "").on("", 0, countOutput(), countOutput());
        Docker docker = new Docker(shell);
        Dumper.Source s = dumper().probe(docker, container(), dataPath());
        List<DumpJob> jobs = dumper().jobs(docker, container(), s);
        for (DumpJob j : jobs) {
            dumper().counts(docker, container(), j, countOutput());
            assertFalse(j.command().toShellLine().contains(SECRET), j.command().display());
        }
        for (CommandSpec c : shell.ran()) {
            assertFalse(c.toShellLine().contains(SECRET), c.display());
        }
    }

    @Test
    void theJobsStreamTheWholeDumpToStdout() throws Exception {
        FakeShell shell = new FakeShell().on("TOOL", 0, probeOutput(), "");
        Docker docker = new Docker(shell);
        List<DumpJob> jobs = dumper().jobs(docker, container(), dumper().probe(docker, container(), dataPath()));
        assertEquals(expectedJobs(), jobs.stream().map(DumpJob::name).toList());
        for (DumpJob j : jobs) {
            assertTrue(j.fileName().endsWith(".zst"), j.fileName());
            assertFalse(
                    j.command()
                            .toShellLine()
                            .replace("2>&1", "")
                            .replace(">&2", "")
                            .replace(">/dev/null", "")
                            .contains(">"),
                    "nothing is written on the server: " + j.command().display());
        }
    }

    @Test
    void theCountsAreWhatTheDatabaseSays() throws Exception {
        FakeShell shell = new FakeShell().on("TOOL", 0, probeOutput(), "").on("", 0, countOutput(), "");
        Docker docker = new Docker(shell);
        List<DumpJob> jobs = dumper().jobs(docker, container(), dumper().probe(docker, container(), dataPath()));
        DumpJob last = jobs.get(jobs.size() - 1);
        assertEquals(expectedCounts(), dumper().counts(docker, container(), last, countOutput()));
    }

    /** A manifest entry of a dump this dumper made, as the restore reads it. */
    dev.lifeboat.engine.store.Manifest.DumpEntry dumpEntry() throws Exception {
        FakeShell shell = new FakeShell().on("TOOL", 0, probeOutput(), "");
        Docker docker = new Docker(shell);
        List<DumpJob> jobs = dumper().jobs(docker, container(), dumper().probe(docker, container(), dataPath()));
        DumpJob last = jobs.get(jobs.size() - 1);
        return new dev.lifeboat.engine.store.Manifest.DumpEntry(
                last.fileName(),
                dataPath(),
                "db",
                dumper().kind(),
                last.database(),
                last.format(),
                10,
                20,
                "x",
                expectedCounts());
    }

    @Test
    void theRestoreSideLoadsChecksAndCountsWithoutAPasswordOnACommandLine() throws Exception {
        FakeShell shell = new FakeShell().on("", 0, countOutput(), countOutput());
        Docker docker = new Docker(shell);
        var entry = dumpEntry();
        CommandSpec ready = dumper().ready(docker, container());
        assertFalse(ready.mutating(), "readiness only reads: " + ready.display());
        assertFalse(ready.toShellLine().contains(SECRET), ready.display());
        CommandSpec load = dumper().load(docker, container(), entry);
        assertTrue(load.mutating(), "a load changes the database: " + load.display());
        assertFalse(load.toShellLine().contains(SECRET), load.display());
        Map<String, Long> counts = dumper().recount(docker, container(), entry);
        assertEquals(expectedCounts(), counts, "the restore counts what the backup counted, the same way");
        for (CommandSpec c : shell.ran()) {
            assertFalse(c.toShellLine().contains(SECRET), c.display());
        }
    }
}
