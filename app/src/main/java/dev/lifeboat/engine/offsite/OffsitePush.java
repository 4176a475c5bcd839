package dev.lifeboat.engine.offsite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.OffsiteRepository;
import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.steps.Step;
import dev.lifeboat.engine.steps.StepContext;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Copies snapshots of the local store into one restic repository, then lets go of what the repository's keep rules
 * do not keep. Two steps, run by the one runner: {@code offsite:NAME} (restic backup of each snapshot folder that is
 * not there yet, with restic's progress and ETA) and {@code offsite-forget:NAME} ({@code restic forget --prune}).
 * Each push is one restic snapshot tagged with the application and the snapshot id, with the server as host and the
 * snapshot's own time; the application's newest snapshot there is its parent. A push that was cut leaves no restic
 * snapshot (restic writes it last) and the next push sends the snapshot again, finding most of its data there. The
 * local snapshots are only read.
 */
public final class OffsitePush {
    private final Restic restic;
    private final SnapshotStore store;

    public OffsitePush(Restic restic, SnapshotStore store) {
        this.restic = restic;
        this.store = store;
    }

    /** The id of the push step for repository {@code name}. */
    public static String stepId(String name) {
        return "offsite:" + name;
    }

    /**
     * The steps that push {@code candidates} (complete local snapshots, oldest first) and forget by the keep rules.
     *
     * @param all push every candidate that is not there yet; else only those the keep rules would keep (a first push
     *     of a store with years of snapshots sends what the repository keeps, not what it would forget at once)
     */
    public List<Step> steps(List<Path> candidates, boolean all) {
        OffsiteRepository r = restic.repository();
        Set<String> apps = new LinkedHashSet<>();
        candidates.forEach(c -> apps.add(appId(c)));
        // What the repository holds, as the push step found and left it: the forget step need not ask again (each
        // restic run costs the password's key derivation, about a second here).
        List<RemoteSnapshot> there = new ArrayList<>();
        return List.of(
                Step.of(
                                stepId(r.name()),
                                "Copy to the off-site repository " + r.name(),
                                ctx -> push(ctx, candidates, all, there))
                        .commands(List.of("restic backup --json --host HOST --tag lifeboat --tag app:HOST/APP --tag"
                                + " snapshot:HOST/APP/ID --time TIME --ignore-ctime --parent PREVIOUS . (in"
                                + " each snapshot folder; repository "
                                + Locations.display(r.location()) + ")")),
                Step.of(
                                "offsite-forget:" + r.name(),
                                "Forget what " + r.name() + " keeps no longer",
                                ctx -> forget(ctx, apps, there))
                        .commands(List.of("restic forget --prune ID... (keep the last " + r.keepLast() + ", "
                                + r.keepWeekly() + " weekly, " + r.keepMonthly() + " monthly of each application)")));
    }

    /** The snapshots there, by Lifeboat id. */
    public List<RemoteSnapshot> list(StepContext ctx) throws EngineException {
        return RemoteSnapshot.parse(restic.runForJson(ResticCommand.snapshots(restic.repository()), ctx.cancel()));
    }

    private Step.Done push(StepContext ctx, List<Path> candidates, boolean all, List<RemoteSnapshot> there)
            throws EngineException {
        there.clear();
        there.addAll(list(ctx));
        Set<String> ids = new HashSet<>();
        there.forEach(s -> ids.add(s.id()));
        List<Path> todo = new ArrayList<>();
        for (Path c : candidates) {
            if (!ids.contains(store.idOf(c)) && (all || kept(c, there, candidates))) {
                todo.add(c);
            }
        }
        int before = candidates.size() - todo.size();
        if (todo.isEmpty()) {
            return Step.Done.skipped(candidates.size() == 1 ? "already there" : "every snapshot is there already");
        }
        long added = 0;
        List<String> pushed = new ArrayList<>();
        for (Path s : todo) {
            ctx.checkCancel();
            Pushed made = pushOne(ctx, s, parent(there, appId(s)));
            added += made.added();
            there.add(made.snapshot());
            pushed.add(made.snapshot().id() + " as restic snapshot "
                    + made.snapshot().shortId());
        }
        pushed.forEach(ctx::log);
        return Step.Done.ok(pushed.size() + (pushed.size() == 1 ? " snapshot" : " snapshots") + " copied, "
                + ByteSizes.human(OptionalLong.of(added)) + " new in the repository"
                + (before > 0 ? "; " + before + " there already" : ""));
    }

    /** A snapshot copied, and the bytes it added to the repository. */
    private record Pushed(RemoteSnapshot snapshot, long added) {}

    private Pushed pushOne(StepContext ctx, Path snapshot, RemoteSnapshot parent) throws EngineException {
        Manifest m = SnapshotStore.readManifest(snapshot);
        String id = store.idOf(snapshot);
        String app = appId(snapshot);
        Instant time = OffsetDateTime.parse(m.started()).toInstant();
        ResticCommand cmd = ResticCommand.backup(
                restic.repository(),
                snapshot,
                m.server().host(),
                app,
                id,
                time,
                parent == null ? null : parent.resticId());
        ctx.log("copying " + id + (parent == null ? "" : " (parent " + parent.shortId() + ")"));
        JsonNode[] summary = {null};
        Restic.Result r = restic.runAllowing(
                cmd,
                n -> {
                    String type = n.path("message_type").asText();
                    if (type.equals("status")) {
                        progress(ctx, n, "bytes_done");
                    } else if (type.equals("summary")) {
                        summary[0] = n;
                    } else if (type.equals("error")) {
                        ctx.log("restic: " + n.path("error").path("message").asText(n.toString()));
                    }
                },
                ctx.cancel());
        String resticId =
                summary[0] == null ? null : summary[0].path("snapshot_id").asText(null);
        if (r.exit() == 3 && resticId != null) {
            // Some files could not be read: restic made an incomplete snapshot. It must not pass for the copy.
            restic.runAllowing(ResticCommand.forget(restic.repository(), List.of(resticId)), n -> {}, ctx.cancel());
            throw new OffsiteException("Some files of " + snapshot + " could not be read, so the copy in "
                    + restic.repository().name() + " would be incomplete; it was removed again. restic said: "
                    + Restic.fatal(r.errors()));
        }
        if (r.exit() != 0 || resticId == null) {
            throw restic.failure(r);
        }
        return new Pushed(
                new RemoteSnapshot(resticId, id, app, time, m.server().host()),
                summary[0].path("data_added").asLong(0));
    }

    /** Reports restic's {@code status} line as the step's progress, with restic's own estimate of the time left. */
    static void progress(StepContext ctx, JsonNode n, String doneField) {
        long done = n.path(doneField).asLong(0);
        long total = n.path("total_bytes").asLong(0);
        OptionalLong eta = n.has("seconds_remaining")
                ? OptionalLong.of(n.path("seconds_remaining").asLong() * 1000)
                : OptionalLong.empty();
        // Through the step's own progress: the run's boundaries see it (the fault matrix stops a push there).
        ctx.progress(done, total > 0 ? OptionalLong.of(total) : OptionalLong.empty(), WorkflowEvent.Unit.BYTES, eta);
    }

    private Step.Done forget(StepContext ctx, Set<String> apps, List<RemoteSnapshot> there) throws EngineException {
        OffsiteRepository r = restic.repository();
        List<String> drop = toForget(there, apps, retention(r));
        if (drop.isEmpty()) {
            return Step.Done.skipped("nothing to forget");
        }
        Restic.Result res = restic.runExclusive(ResticCommand.forget(r, drop), n -> {}, ctx.cancel());
        if (res.exit() != 0) {
            // The copies are there; what is not forgotten now is forgotten by the next push.
            String why = Restic.explain(r, restic.version(), res.exit(), res.errors());
            ctx.warn("Could not forget old snapshots in " + r.name() + ": " + why);
            return Step.Done.skipped(why);
        }
        return Step.Done.ok(drop.size() + " forgotten and their data pruned");
    }

    /** The repository's keep rules. */
    public static Retention retention(OffsiteRepository r) {
        return new Retention(r.keepLast(), r.keepWeekly(), r.keepMonthly());
    }

    /**
     * The restic snapshots of {@code apps} that the keep rules let go: per application, the Lifeboat ids the rules do
     * not keep, and every copy of one id but its newest. Pure.
     */
    static List<String> toForget(List<RemoteSnapshot> there, Set<String> apps, Retention keep) {
        Map<String, TreeMap<String, List<RemoteSnapshot>>> byApp = new LinkedHashMap<>();
        for (RemoteSnapshot s : there) {
            if (apps.contains(s.appId())) {
                byApp.computeIfAbsent(s.appId(), a -> new TreeMap<>())
                        .computeIfAbsent(s.folder(), f -> new ArrayList<>())
                        .add(s);
            }
        }
        List<String> drop = new ArrayList<>();
        for (TreeMap<String, List<RemoteSnapshot>> ids : byApp.values()) {
            Set<String> kept = keep.keep(new ArrayList<>(ids.keySet()));
            for (Map.Entry<String, List<RemoteSnapshot>> e : ids.entrySet()) {
                List<RemoteSnapshot> copies = new ArrayList<>(e.getValue());
                copies.sort(Comparator.comparing(RemoteSnapshot::time).thenComparing(RemoteSnapshot::resticId));
                int keepFrom = kept.contains(e.getKey()) ? copies.size() - 1 : copies.size();
                for (int i = 0; i < keepFrom; i++) {
                    drop.add(copies.get(i).resticId());
                }
            }
        }
        return drop;
    }

    /** Whether the keep rules keep {@code c} among what is there and the other candidates of its application. */
    private boolean kept(Path c, List<RemoteSnapshot> there, List<Path> candidates) {
        String app = appId(c);
        Set<String> ids = new java.util.TreeSet<>();
        there.stream().filter(s -> s.appId().equals(app)).forEach(s -> ids.add(s.folder()));
        candidates.stream().filter(p -> appId(p).equals(app)).forEach(p -> ids.add(folder(p)));
        return retention(restic.repository()).keep(new ArrayList<>(ids)).contains(folder(c));
    }

    /** The application's newest snapshot in the repository: restic compares with it and reads only what changed. */
    static RemoteSnapshot parent(List<RemoteSnapshot> there, String appId) {
        RemoteSnapshot newest = null;
        for (RemoteSnapshot s : there) {
            if (s.appId().equals(appId) && (newest == null || !s.time().isBefore(newest.time()))) {
                newest = s;
            }
        }
        return newest;
    }

    /** {@code HOST/APP} of a snapshot folder in the store. */
    private String appId(Path snapshot) {
        String id = store.idOf(snapshot);
        return id.substring(0, id.lastIndexOf('/'));
    }

    private static String folder(Path snapshot) {
        return snapshot.getFileName().toString();
    }
}
