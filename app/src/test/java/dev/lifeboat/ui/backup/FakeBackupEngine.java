package dev.lifeboat.ui.backup;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.service.BackupService;
import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.engine.service.SnapshotPlaces;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.engine.workflow.PreflightException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * A {@link BackupService} that plays a scripted backup of a made-up Papermerge: the plan has the real step ids, the run
 * sends the events the workflow sends (steps, progress, a container's log line, the downtime window). With {@link
 * #holdWhileDown} it waits inside the window until cancelled, then "starts the site again" as the engine does.
 */
public final class FakeBackupEngine implements BackupService {
    public static final String SERVER = "root@fake-server";
    public static final long DOWNTIME_MILLIS = 4_200;

    public volatile String refuse; // when set, plan() throws a PreflightException with it
    public volatile boolean holdWhileDown;
    public volatile List<SnapshotInfo> snapshots = List.of();
    /** What {@link #places} answers (none configured unless a test sets it); with {@link #placesFail} it throws. */
    public volatile SnapshotPlaces places = SnapshotPlaces.NONE;

    public volatile String placesFail;
    /** {@link #places} waits for it, as restic over a slow network; open unless a test closes it. */
    public volatile CountDownLatch placesAnswer = new CountDownLatch(0);

    public final java.util.concurrent.atomic.AtomicInteger placesAsked =
            new java.util.concurrent.atomic.AtomicInteger();
    public final CountDownLatch down = new CountDownLatch(1);
    public final AtomicBoolean siteStartedAgain = new AtomicBoolean();
    public final AtomicBoolean cancelled = new AtomicBoolean();
    public final List<Path> verified = new ArrayList<>();
    public volatile Path snapshotDir = Path.of("/tmp/lifeboat-fake/snapshots/fake-server/papermerge/20261201T091500Z");

    public static DetectedStack stack() {
        return new DetectedStack(
                "papermerge",
                "Papermerge",
                null,
                "3.0.3",
                "/opt/papermerge",
                List.of(new Component(
                        "/opt/papermerge/db",
                        ComponentClass.BACKUP,
                        "postgresql",
                        "dump",
                        OptionalLong.of(1 << 20),
                        "PostgreSQL")),
                List.of());
    }

    public static ContainerState container(String service) {
        return new ContainerState(
                "id-" + service,
                "papermerge-" + service + "-1",
                "papermerge",
                service,
                "img/" + service,
                "running",
                "",
                List.of(),
                List.of(),
                Map.of(),
                Optional.empty(),
                List.of());
    }

    public static BackupPlan plan() {
        ContainerState web = container("papermerge");
        ContainerState worker = container("worker");
        ContainerState db = container("db");
        List<PlannedStep> steps = List.of(
                new PlannedStep(
                        "preflight", "Check the server, the tools and the store; take the locks", false, List.of()),
                new PlannedStep("pre-sync", "Copy 1 folder while the site runs", false, List.of("/opt/papermerge")),
                new PlannedStep(
                        "stop",
                        "Stop 2 containers in order (the site goes down)",
                        true,
                        List.of("docker stop -t 20 papermerge-papermerge-1   (papermerge)")),
                new PlannedStep(
                        "dump:papermerge",
                        "Dump papermerge (postgresql in db)",
                        true,
                        List.of("docker exec papermerge-db-1 pg_dump -Fc papermerge")),
                new PlannedStep("final-sync", "Copy what changed since the pre-sync", true, List.of("/opt/papermerge")),
                new PlannedStep("start", "Start 2 containers in order", true, List.of()),
                new PlannedStep("health", "Wait until the web port answers", true, List.of()),
                new PlannedStep("manifest", "Write the manifest (the snapshot is complete)", false, List.of()));
        return new BackupPlan(
                stack(),
                "papermerge",
                List.of(web, worker, db),
                List.of(web, worker),
                List.of(worker, web),
                List.of(db),
                List.of(),
                List.of(),
                List.of("/opt/papermerge"),
                List.of(),
                List.of(),
                null,
                false,
                steps,
                new BackupPlan.Estimate(8.4, "measured: 2 containers stop in about 3 s", 50_000_000L, 120_000_000L),
                Path.of("/tmp/lifeboat-fake/snapshots/fake-server/papermerge"),
                null,
                true,
                List.of(),
                "rsync over the system ssh",
                List.of("The worker keeps a queue in Redis; it is not dumped (ephemeral)."));
    }

    @Override
    public String where() {
        return SERVER;
    }

    @Override
    public List<SnapshotInfo> recentSnapshots(DetectedStack stack, int max) {
        return snapshots.stream().limit(max).toList();
    }

    @Override
    public SnapshotPlaces places(DetectedStack stack, CancelToken cancel) throws EngineException {
        placesAsked.incrementAndGet();
        try {
            placesAnswer.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("cancelled while asking the off-site repositories");
        }
        if (placesFail != null) {
            throw new EngineException(placesFail);
        }
        return places;
    }

    @Override
    public Verifier.Result verify(Path snapshot, LongConsumer bytesRead, CancelToken cancel) {
        bytesRead.accept(500);
        verified.add(snapshot);
        return new Verifier.Result(List.of(), 12, 1000, 1);
    }

    @Override
    public BackupPlan plan(DetectedStack stack) throws EngineException {
        if (refuse != null) {
            throw new PreflightException(refuse);
        }
        return plan();
    }

    @Override
    public BackupWorkflow.Result run(BackupPlan plan, ProgressListener l, CancelToken cancel) throws EngineException {
        Instant t0 = Instant.now();
        step(l, "preflight", "Check and take the locks", "locks taken");
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "pre-sync", "Copy the files while the site runs"));
        l.on(new WorkflowEvent.Progress(
                Instant.now(),
                "pre-sync",
                25_000_000L,
                OptionalLong.of(50_000_000L),
                WorkflowEvent.Unit.BYTES,
                OptionalLong.of(65_000)));
        l.on(new WorkflowEvent.LogLine(Instant.now(), "container:papermerge", "GET /api/documents 200"));
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:pre-sync", "sending incremental file list"));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "pre-sync", Duration.ofMillis(1200), "48 MB in 310 files"));
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "stop", "Stop 2 containers"));
        l.on(new WorkflowEvent.DowntimeStarted(Instant.now()));
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:stop", "stopping papermerge"));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "stop", Duration.ofMillis(900), "2 stopped"));
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "dump:papermerge", "Dump papermerge"));
        down.countDown();
        if (holdWhileDown) {
            try {
                while (!cancel.isCancelled()) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancelled.set(true);
            l.on(new WorkflowEvent.StepFailed(Instant.now(), "dump:papermerge", "Cancelled."));
            l.on(new WorkflowEvent.StepStarted(Instant.now(), "start", "Start the containers in order"));
            l.on(new WorkflowEvent.LogLine(Instant.now(), "step:start", "starting worker"));
            l.on(new WorkflowEvent.StepFinished(Instant.now(), "start", Duration.ofMillis(700), "2 started"));
            l.on(new WorkflowEvent.DowntimeEnded(Instant.now(), Duration.ofMillis(DOWNTIME_MILLIS), true));
            siteStartedAgain.set(true);
            throw new CancelledException("Cancelled.");
        }
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "dump:papermerge", Duration.ofMillis(800), "1.2 MB"));
        step(l, "final-sync", "Copy what changed", "1 MB in 3 files");
        step(l, "start", "Start the containers in order", "2 started");
        l.on(new WorkflowEvent.DowntimeEnded(Instant.now(), Duration.ofMillis(DOWNTIME_MILLIS), true));
        step(l, "health", "the web port answers", "up again");
        step(l, "manifest", "Write the manifest", snapshotDir.toString());
        Instant t1 = t0.plusSeconds(42);
        Manifest m = new Manifest(
                Manifest.FORMAT,
                "test",
                "20261201T091500Z",
                t0.toString(),
                t1.toString(),
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
                        Map.of(),
                        List.of()),
                List.of(),
                List.of(new Manifest.DumpEntry(
                        "papermerge.pgdump.zst",
                        "/opt/papermerge/db",
                        "db",
                        "postgresql",
                        "papermerge",
                        "pg_dump",
                        1_200_000,
                        5_000_000,
                        "abc",
                        Map.of())),
                new Manifest.Downtime(t0.toString(), t0.toString(), DOWNTIME_MILLIS, true, List.of("papermerge")),
                List.of(
                        new Manifest.StepEntry("index", "Index", 300, "ok", "310 files, 48 MB read"),
                        new Manifest.StepEntry("verify", "Verify the dumps", 100, "ok", "1 dumps intact")),
                new Manifest.Transfer("rsync", 48_000_000, 1_000_000, 310, 50_000_000),
                null);
        return new BackupWorkflow.Result(snapshotDir, m);
    }

    private static void step(ProgressListener l, String id, String title, String summary) {
        l.on(new WorkflowEvent.StepStarted(Instant.now(), id, title));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), id, Duration.ofMillis(100), summary));
    }

    /** Waits until the run is inside the downtime window. */
    public void awaitDown() throws InterruptedException {
        if (!down.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the fake run never reached the downtime window");
        }
    }
}
