package dev.lifeboat.ui.restore;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.HostKeyInfo;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.service.MigrationTarget;
import dev.lifeboat.engine.service.RestoreOutcome;
import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.workflow.DrillWorkflow;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.PreflightException;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link RestoreService} that plays scripted restores, drills and migrations of the made-up Papermerge of {@link
 * FakeBackupEngine}: the plans come from the real {@code RestoreWorkflow.describe} on a made-up manifest, the runs
 * send the step ids and events the workflows send. With {@link #holdWhileDown} a run waits inside its window until
 * cancelled, then ends as the workflow does (a restore leaves the site stopped, a drill returns its failed record, a
 * migration starts the old server again).
 */
public final class FakeRestoreEngine implements RestoreService {
    public static final String SNAPSHOT_ID = "20261201T091500Z";
    public static final long DOWNTIME_MILLIS = 6_400;

    public volatile String refuse; // plan() throws a PreflightException with it
    public volatile boolean holdWhileDown;
    public volatile boolean differ; // the restore's counts do not match
    public volatile boolean targetRuns; // the migration's target already runs the project
    public volatile boolean askHostKey = true;
    public volatile String rollbackUnhealthy;
    public final CountDownLatch down = new CountDownLatch(1);
    public final AtomicBoolean cancelled = new AtomicBoolean();
    public final AtomicBoolean oldServerStartedAgain = new AtomicBoolean();
    public final AtomicInteger rollbacks = new AtomicInteger();
    public final List<ConnectionProfile> logins = new CopyOnWriteArrayList<>();
    public final List<RestorePlan> ran = new CopyOnWriteArrayList<>();
    public final List<FakeTarget> targets = new CopyOnWriteArrayList<>();

    /** The snapshot the browser lists; its {@code lastDrill} is filled once a drill ran. */
    public volatile SnapshotInfo snapshot = snapshot(null);

    public static SnapshotInfo snapshot(DrillRecord drill) {
        return new SnapshotInfo(
                Path.of("/tmp/lifeboat-fake/snapshots/fake-server/papermerge/" + SNAPSHOT_ID),
                SNAPSHOT_ID,
                "2026-12-01T09:15:00Z",
                52_428_800,
                1_048_576,
                4_250,
                "2026-12-01T10:00:00Z ok",
                drill);
    }

    public static Manifest manifest() {
        return new Manifest(
                Manifest.FORMAT,
                "test",
                SNAPSHOT_ID,
                "2026-12-01T09:15:00Z",
                "2026-12-01T09:15:42Z",
                new Manifest.Server("fake-server", 22, "root", List.of("SHA256:x")),
                new Manifest.Application(
                        "papermerge",
                        "Papermerge",
                        null,
                        "3.0.3",
                        "/opt/papermerge",
                        "papermerge",
                        "/opt/papermerge",
                        List.of("docker-compose.yml"),
                        Map.of("papermerge", "img/papermerge", "db", "img/db"),
                        List.of("12000/tcp")),
                List.of(
                        new Manifest.ComponentEntry(
                                "/opt/papermerge",
                                "backup",
                                "config",
                                "copy",
                                "copied",
                                null,
                                null,
                                12L,
                                20_000L,
                                "d1",
                                null,
                                "the compose folder"),
                        new Manifest.ComponentEntry(
                                "/opt/papermerge/media",
                                "backup",
                                "files",
                                "copy",
                                "copied",
                                "/opt/papermerge",
                                "papermerge",
                                300L,
                                48_000_000L,
                                "d2",
                                null,
                                "documents"),
                        new Manifest.ComponentEntry(
                                "/opt/papermerge/db",
                                "backup",
                                "postgresql",
                                "dump",
                                "dumped",
                                null,
                                "db",
                                null,
                                null,
                                null,
                                List.of("postgres-pmdb.pgdump.zst"),
                                "PostgreSQL"),
                        new Manifest.ComponentEntry(
                                "/opt/papermerge/index",
                                "rebuildable",
                                "search",
                                "none",
                                "skipped",
                                null,
                                "papermerge",
                                null,
                                null,
                                null,
                                null,
                                "re-index from the admin page")),
                List.of(new Manifest.DumpEntry(
                        "postgres-pmdb.pgdump.zst",
                        "/opt/papermerge/db",
                        "db",
                        "postgresql",
                        "pmdb",
                        "pg_dump-custom",
                        1_600,
                        6_400,
                        "abc",
                        Map.of("public.core_document", 42L))),
                new Manifest.Downtime(
                        "2026-12-01T09:15:20Z", "2026-12-01T09:15:24Z", 4_250, true, List.of("papermerge")),
                List.of(),
                new Manifest.Transfer("rsync", 48_000_000, 1_000_000, 312, 48_020_000),
                null);
    }

    public static Maintenance maintenance() {
        return new Maintenance(
                List.of("papermerge"),
                List.of("db", "papermerge"),
                List.of(),
                List.of(),
                new Maintenance.HealthCheck(List.of("papermerge"), 80, "/", 240),
                false,
                List.of(),
                List.of(
                        new Maintenance.SiteSetting("docker-compose.yml", "PAPERMERGE__MAIN__URL", "yaml", "url", null),
                        new Maintenance.SiteSetting(".env", "ALLOWED_HOST", "env", "host", null)),
                null);
    }

    @Override
    public String where() {
        return FakeBackupEngine.SERVER;
    }

    @Override
    public MigrationTarget connect(ConnectionProfile profile, Prompter prompter) throws EngineException {
        logins.add(profile);
        if (askHostKey
                && !prompter.confirmUnknownHostKey(new HostKeyInfo(
                        profile.host(),
                        profile.port(),
                        "ssh-ed25519",
                        "SHA256:fakeFingerprintOfTheNewServer0123456789abc",
                        "AAAA"))) {
            throw new EngineException("The host key of " + profile.host() + " was not confirmed: not connected.");
        }
        FakeTarget t = new FakeTarget(profile.user() + "@" + profile.host());
        targets.add(t);
        return t;
    }

    @Override
    public RestorePlan plan(RestoreRequest r) throws EngineException {
        if (refuse != null) {
            throw new PreflightException(refuse);
        }
        Manifest m = manifest();
        return switch (r.kind()) {
            case DRILL -> new RestorePlan(
                    r,
                    m,
                    new RestoreWorkflow.Options(false, null, DrillWorkflow.relocation(m)),
                    maintenance(),
                    where(),
                    where(),
                    List.of(),
                    null,
                    List.of());
            case MIGRATE -> new RestorePlan(
                    r,
                    m,
                    new RestoreWorkflow.Options(r.overwrite(), r.siteUrl(), null),
                    maintenance(),
                    where(),
                    r.target().where(),
                    targetRuns ? List.of(FakeBackupEngine.container("papermerge")) : List.of(),
                    FakeBackupEngine.plan(),
                    List.of("The worker keeps a queue in Redis; it is not dumped (ephemeral)."));
            case RESTORE -> new RestorePlan(
                    r,
                    m,
                    RestoreWorkflow.Options.inPlace(r.overwrite()),
                    maintenance(),
                    where(),
                    where(),
                    List.of(FakeBackupEngine.container("papermerge"), FakeBackupEngine.container("db")),
                    null,
                    List.of());
        };
    }

    @Override
    public RestoreOutcome run(RestorePlan p, ProgressListener l, CancelToken cancel) throws EngineException {
        ran.add(p);
        return switch (p.kind()) {
            case DRILL -> drill(p, l, cancel);
            case MIGRATE -> migrate(p, l, cancel);
            case RESTORE -> new RestoreOutcome(p, restore(p, l, cancel, "restore"), null, null, 9_800);
        };
    }

    private RestoreWorkflow.Result restore(RestorePlan p, ProgressListener l, CancelToken cancel, String what)
            throws EngineException {
        boolean drill = p.options().drill() != null;
        step(l, "preflight", "Check the target", "ready on " + p.target());
        if (!drill) {
            l.on(new WorkflowEvent.StepStarted(Instant.now(), "stop", "Stop what runs of papermerge"));
            l.on(new WorkflowEvent.LogLine(Instant.now(), "step:stop", "stopping papermerge"));
            l.on(new WorkflowEvent.StepFinished(Instant.now(), "stop", Duration.ofMillis(800), "2 stopped"));
        }
        step(l, "empty", "Empty the database folders", "1 emptied");
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "files", "Put the files back"));
        l.on(new WorkflowEvent.Progress(
                Instant.now(),
                "files",
                24_000_000L,
                OptionalLong.of(48_020_000L),
                WorkflowEvent.Unit.BYTES,
                OptionalLong.of(3_000)));
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:files", "media/documents/0042.pdf"));
        if (holdWhileDown && p.kind() != RestoreRequest.Kind.MIGRATE) {
            hold(cancel);
            l.on(new WorkflowEvent.StepFailed(Instant.now(), "files", "Cancelled."));
            throw new CancelledException("Cancelled.");
        }
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "files", Duration.ofMillis(2100), "46 MB in 312 files"));
        if (drill) {
            step(l, "check-files", "Compare the files with the snapshot, by checksum", "every file equal");
            step(
                    l,
                    "compose",
                    "Write the drill's compose file",
                    p.options().drill().root() + "/lifeboat-drill.yml");
        }
        if (p.options().siteUrl() != null) {
            l.on(new WorkflowEvent.StepStarted(Instant.now(), "site-url", "Set the new site URL"));
            l.on(new WorkflowEvent.LogLine(
                    Instant.now(),
                    "step:site-url",
                    "PAPERMERGE__MAIN__URL = " + p.options().siteUrl() + " in /opt/papermerge/docker-compose.yml"));
            l.on(new WorkflowEvent.StepFinished(
                    Instant.now(),
                    "site-url",
                    Duration.ofMillis(90),
                    "2 settings changed to " + p.options().siteUrl()));
        }
        step(l, "create", "Create the containers and volumes", "2 containers");
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "databases", "Start the databases"));
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:databases", "db takes connections"));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "databases", Duration.ofMillis(1500), "db ready"));
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "load", "Load the dumps"));
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:load", "loading dumps/postgres-pmdb.pgdump.zst into db"));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "load", Duration.ofMillis(700), "1 dumps loaded"));
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "start", "Start the application"));
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:start", "starting papermerge"));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "start", Duration.ofMillis(400), "1 started"));
        if (holdWhileDown && p.kind() == RestoreRequest.Kind.MIGRATE) {
            hold(cancel);
            l.on(new WorkflowEvent.StepFailed(Instant.now(), "start", "Cancelled."));
            l.on(new WorkflowEvent.Warning(
                    Instant.now(), "The restore on the new server failed (Cancelled.): starting the old one again."));
            oldServerStartedAgain.set(true);
            throw new CancelledException("Cancelled.");
        }
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "health", "HTTP GET / on papermerge:80"));
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:health", "papermerge answers 200"));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "health", Duration.ofMillis(1200), "up"));
        List<String> problems =
                differ ? List.of("db public.core_document: 41 after the restore, 42 in the snapshot") : List.of();
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "compare", "Compare what the databases hold"));
        if (problems.isEmpty()) {
            l.on(new WorkflowEvent.StepFinished(Instant.now(), "compare", Duration.ofMillis(300), "every count equal"));
            if (!drill) {
                step(l, "cleanup", "Remove the database folders kept aside", "");
            }
        } else {
            l.on(new WorkflowEvent.StepFailed(Instant.now(), "compare", "1 differ"));
        }
        return new RestoreWorkflow.Result(
                drill ? p.options().drill().project() : "papermerge", problems, 3_200, 9_800, true);
    }

    private RestoreOutcome drill(RestorePlan p, ProgressListener l, CancelToken cancel) throws EngineException {
        step(l, "verify", "Verify the snapshot in the store", "1 dumps and 312 files intact");
        List<String> problems = new ArrayList<>();
        try {
            problems.addAll(restore(p, l, cancel, "drill").problems());
        } catch (CancelledException e) {
            problems.add("the restore failed: " + e.getMessage()); // as DrillWorkflow does
        }
        step(l, "remove", "Remove the copy", "nothing left behind");
        DrillRecord d = new DrillRecord(
                Instant.now().toString(),
                FakeBackupEngine.SERVER,
                problems.isEmpty(),
                problems,
                3_100,
                12_400,
                List.of());
        snapshot = snapshot(d);
        return new RestoreOutcome(p, null, d, null, 12_400);
    }

    private RestoreOutcome migrate(RestorePlan p, ProgressListener l, CancelToken cancel) throws EngineException {
        step(l, "preflight", "Check and take the locks", "locks taken");
        step(l, "pre-sync", "Copy the files while the site runs", "48 MB in 310 files");
        l.on(new WorkflowEvent.LogLine(Instant.now(), "container:papermerge", "GET /api/documents 200"));
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "stop", "Stop 2 containers"));
        l.on(new WorkflowEvent.DowntimeStarted(Instant.now()));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "stop", Duration.ofMillis(900), "2 stopped"));
        down.countDown();
        step(l, "dump:papermerge", "Dump papermerge", "6.4 KB (1.6 KB compressed)");
        step(l, "final-sync", "Copy what changed", "1 MB in 3 files");
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:stop", "left stopped: papermerge, worker"));
        step(l, "index", "Index and hash the copied files", "310 files");
        step(l, "verify", "Verify the dumps", "1 dumps intact");
        step(l, "manifest", "Write the manifest", "/tmp/lifeboat-fake/snapshots/fake-server/papermerge/x");
        step(l, "retention", "Remove old snapshots", "0 removed");
        RestoreWorkflow.Result r = restore(p, l, cancel, "migration");
        l.on(new WorkflowEvent.DowntimeEnded(Instant.now(), Duration.ofMillis(DOWNTIME_MILLIS), r.ok()));
        Path snap = Path.of("/tmp/lifeboat-fake/snapshots/fake-server/papermerge/20261201T100000Z");
        return new RestoreOutcome(p, r, null, new MigrateWorkflow.Result(snap, r, DOWNTIME_MILLIS), 31_000);
    }

    private void hold(CancelToken cancel) {
        down.countDown();
        try {
            while (!cancel.isCancelled()) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cancelled.set(true);
    }

    @Override
    public String rollback(RestorePlan plan, ProgressListener l, CancelToken cancel) {
        rollbacks.incrementAndGet();
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:start", "starting papermerge"));
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:health", "papermerge answers 200"));
        return rollbackUnhealthy;
    }

    private static void step(ProgressListener l, String id, String title, String summary) {
        l.on(new WorkflowEvent.StepStarted(Instant.now(), id, title));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), id, Duration.ofMillis(100), summary));
    }

    /** Waits until the run is inside its window. */
    public void awaitDown() throws InterruptedException {
        if (!down.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the fake run never reached its window");
        }
    }

    /** A new server that records whether it was closed. */
    public static final class FakeTarget implements MigrationTarget {
        private final String where;
        public final AtomicBoolean closed = new AtomicBoolean();

        public FakeTarget(String where) {
            this.where = where;
        }

        @Override
        public String where() {
            return where;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    /** A container of the fake project on the target. */
    public static ContainerState container(String service) {
        return FakeBackupEngine.container(service);
    }
}
