package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.EventText;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore, the drill and the migration over fake servers ({@link FakeDockerHost}): the steps run in the order the
 * plan lists them, the window opens at the stop and closes at the health check, a drill removes its copy also when it
 * fails, and a migration whose restore fails starts the old server again. The testbed ITs run the real ones.
 */
class RestoreWorkflowTest {
    private static final Map<String, String[]> APP = Map.of(
            "web", new String[] {"app:1", "/opt/app/data:/data"},
            "db", new String[] {"mariadb:10.11", "/opt/app/db:/var/lib/mysql"});

    @TempDir
    Path dir;

    private final List<WorkflowEvent> events = Collections.synchronizedList(new ArrayList<>());
    private SnapshotStore store;

    /** The source: the unit tests' application (web + MariaDB in /opt/app), running. */
    private FakeDockerHost source() {
        return mariadb(new FakeDockerHost("srv-a"))
                .on("MISSING mariadb-dump", 0, "TOOL /usr/bin/mariadb-dump\nDB appdb\n", "")
                .on("for t in docker", 0, "", "")
                .on("realpath", 0, "/opt/app\0/opt/app\0", "")
                .on("mariadb-dump -uroot", 0, "-- dump\n", "")
                .compose("app", APP)
                .container("app", "web", "app:1", "/opt/app/data:/data", true)
                .container("app", "db", "mariadb:10.11", "/opt/app/db:/var/lib/mysql", true);
    }

    /** Answers MariaDB's counts the same way before and after: a restore that matches. */
    private static FakeDockerHost mariadb(FakeDockerHost h) {
        return h.on("COUNT(*)", 0, "LIFEBOAT-COUNT-SNAPSHOT\nt\t1\n", "");
    }

    @BeforeEach
    void storeOnThisComputer() {
        store = new SnapshotStore(dir.resolve("store"));
    }

    private BackupPlan plan(FakeDockerHost host) throws EngineException {
        return new BackupPlanner(host, store, "srv-a", 22, "fake")
                .plan(BackupPlannerTestData.stack(), BackupPlannerTestData.maintenance());
    }

    private Path snapshot() throws EngineException {
        FakeDockerHost a = source();
        return new BackupWorkflow(
                        a,
                        new FakeFiles(),
                        store,
                        new Manifest.Server("srv-a", 22, "root", List.of()),
                        Retention.DEFAULT,
                        events::add)
                .run(plan(a), new CancelToken())
                .snapshot();
    }

    private RestoreWorkflow restore(FakeDockerHost target, FakeFiles files) {
        return new RestoreWorkflow(target, files, BackupPlannerTestData.maintenance(), List.of(), events::add);
    }

    private List<String> stepsThatRan() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e instanceof WorkflowEvent.StepStarted)
                    .map(e -> ((WorkflowEvent.StepStarted) e).step())
                    .toList();
        }
    }

    private List<String> lines() {
        synchronized (events) {
            return events.stream().map(EventText::line).toList();
        }
    }

    @Test
    void aRestoreOntoAnEmptyServerRunsThePlansStepsInOrderWithTheWindowFromStopToHealth() throws Exception {
        Path snap = snapshot();
        events.clear();
        FakeDockerHost b = mariadb(new FakeDockerHost("srv-b")).compose("app", APP);
        FakeFiles files = new FakeFiles();
        RestoreWorkflow.Result r =
                restore(b, files).run(snap, RestoreWorkflow.Options.inPlace(false), new CancelToken());

        assertTrue(r.ok(), r.problems().toString());
        List<String> planned = RestoreWorkflow.describe(
                        SnapshotStore.readManifest(snap),
                        RestoreWorkflow.Options.inPlace(false),
                        BackupPlannerTestData.maintenance())
                .stream()
                .map(PlannedStep::id)
                .toList();
        assertEquals(planned, stepsThatRan(), "every step of the plan ran, in its order");
        assertEquals(List.of("/"), files.pushedTo, "the files went back to their own paths");
        List<String> changes = b.changes();
        assertEquals(
                List.of("start app/db", "start app/web"),
                changes.stream().filter(c -> c.startsWith("start")).toList(),
                "the database alone first, for the load; then the rest in the stack's order");
        assertTrue(changes.indexOf("create app/web") < changes.indexOf("start app/db"), changes.toString());
        List<String> l = lines();
        int down = l.indexOf("site DOWN");
        int up = l.stream()
                .filter(x -> x.startsWith("site UP again"))
                .findFirst()
                .map(l::indexOf)
                .orElse(-1);
        assertTrue(down >= 0 && l.indexOf("[stop] Stop what runs of app") < down + 2, l.toString());
        assertTrue(up > l.indexOf("[health] HTTP GET / on web:80 answers below 400 (within 5 s)"), l.toString());
    }

    @Test
    void aDrillThatPassesLeavesNothingAndItsRecordSaysSo() throws Exception {
        Path snap = snapshot();
        FakeDockerHost a2 = source();
        DrillRecord d = new DrillWorkflow(a2, new FakeFiles(), BackupPlannerTestData.maintenance(), events::add)
                .run(snap, "srv-a", false, new CancelToken());
        assertTrue(d.passed(), d.problems().toString());
        String project =
                DrillWorkflow.relocation(SnapshotStore.readManifest(snap)).project();
        assertEquals(0, a2.count(project), "the copy is gone");
        assertTrue(a2.running("app", "web") && a2.running("app", "db"), "the live site ran all along");
        assertFalse(a2.changes().contains("stop app/web"), "the live site was never stopped");
        assertTrue(DrillRecord.read(snap).orElseThrow().passed());
    }

    @Test
    void aDrillWhoseLoadFailsRemovesItsCopyAndIsRecordedAsFailed() throws Exception {
        Path snap = snapshot();
        FakeDockerHost a2 = source().on("exec \"$c\" -uroot", 1, "", "ERROR 1064: the dump is damaged");
        DrillRecord d = new DrillWorkflow(a2, new FakeFiles(), BackupPlannerTestData.maintenance(), events::add)
                .run(snap, "srv-a", false, new CancelToken());
        assertFalse(d.passed());
        assertTrue(
                d.problems().get(0).startsWith("the restore failed: Loading dumps/"),
                d.problems().toString());
        String project =
                DrillWorkflow.relocation(SnapshotStore.readManifest(snap)).project();
        assertEquals(0, a2.count(project), "the undo removed the copy");
        assertTrue(a2.changes().contains("remove " + project), a2.changes().toString());
        assertTrue(
                lines().contains("[remove] done in 0 ms: nothing left behind")
                        || lines().stream().anyMatch(x -> x.startsWith("[remove] done in")),
                lines().toString());
    }

    @Test
    void aMigrationLeavesTheOldServerStoppedAndTheNewOneRunning() throws Exception {
        FakeDockerHost a = source();
        FakeDockerHost b = mariadb(new FakeDockerHost("srv-b")).compose("app", APP);
        BackupPlan plan = plan(a);
        BackupWorkflow backup = new BackupWorkflow(
                        a,
                        new FakeFiles(),
                        store,
                        new Manifest.Server("srv-a", 22, "root", List.of()),
                        Retention.DEFAULT,
                        events::add)
                .leaveStopped();
        MigrateWorkflow.Result r = new MigrateWorkflow(events::add)
                .run(plan, backup, a, restore(b, new FakeFiles()), null, null, false, new CancelToken());
        assertTrue(r.restore().ok(), r.restore().problems().toString());
        assertFalse(a.running("app", "web"), "the old server stays stopped");
        assertTrue(b.running("app", "web") && b.running("app", "db"), "the new one runs");
        assertEquals(1, lines().stream().filter("site DOWN"::equals).count(), lines().toString());
        assertEquals(
                1, lines().stream().filter(x -> x.startsWith("site UP again")).count(), lines().toString());
        assertTrue(r.downtimeMillis() >= 0);
        assertTrue(stepsThatRan().containsAll(List.of("target:check", "stop", "leave-stopped", "target:health")));
    }

    @Test
    void aMigrationWhoseRestoreFailsStartsTheOldServerAgainBeforeTheErrorGoesOn() throws Exception {
        FakeDockerHost a = source();
        FakeDockerHost b = mariadb(new FakeDockerHost("srv-b"))
                .compose("app", APP)
                .on("exec \"$c\" -uroot", 1, "", "ERROR: disk full");
        BackupWorkflow backup = new BackupWorkflow(
                        a,
                        new FakeFiles(),
                        store,
                        new Manifest.Server("srv-a", 22, "root", List.of()),
                        Retention.DEFAULT,
                        events::add)
                .leaveStopped();
        EngineException e = assertThrows(EngineException.class, () -> new MigrateWorkflow(events::add)
                .run(plan(a), backup, a, restore(b, new FakeFiles()), null, null, false, new CancelToken()));
        assertTrue(e.getMessage().contains("Loading dumps/"), e.getMessage());
        assertTrue(a.running("app", "web"), "the old server runs again: " + a.changes());
        List<String> changes = a.changes();
        assertTrue(changes.indexOf("stop app/web") < changes.lastIndexOf("start app/web"), changes.toString());
    }
}
