package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.LifeboatVersion;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.dumpers.DumpJob;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.steps.DowntimeWindow;
import dev.lifeboat.engine.steps.StepRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.TreeIndex;
import dev.lifeboat.engine.transfer.FileTransfer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a backup, made one way from its plan: complete, after the run ({@link #of}), or as far as the plan
 * tells before there is a snapshot ({@link #planned}: what a migration's restore will find, for its plan).
 */
public final class BackupManifest {
    private BackupManifest() {}

    /** The manifest a backup writes, last. */
    static Manifest of(
            BackupPlan plan,
            String id,
            Instant started,
            Manifest.Server server,
            List<Manifest.DumpEntry> dumps,
            Map<String, TreeIndex.Summary> trees,
            DowntimeWindow window,
            boolean healthy,
            List<StepRecord> steps,
            FileTransfer.Result pre,
            FileTransfer.Result fin) {
        long total = trees.values().stream().mapToLong(TreeIndex.Summary::bytes).sum();
        long files = trees.values().stream().mapToLong(TreeIndex.Summary::files).sum();
        return new Manifest(
                Manifest.FORMAT,
                "Lifeboat " + LifeboatVersion.get(),
                id,
                started.toString(),
                Instant.now().toString(),
                server,
                plan.application(),
                components(plan, dumps, trees, false),
                List.copyOf(dumps),
                new Manifest.Downtime(
                        window.startedAt().toString(),
                        window.markedAt().toString(),
                        window.markedMillis(),
                        healthy,
                        plan.stop().stream().map(ContainerState::label).toList()),
                steps.stream()
                        .map(s -> new Manifest.StepEntry(s.id(), s.title(), s.millis(), s.outcome(), s.summary()))
                        .toList(),
                new Manifest.Transfer(plan.transfer(), pre.bytes(), fin.bytes(), files, total),
                plan.previous() == null ? null : plan.previous().getFileName().toString());
    }

    /**
     * The manifest the plan's backup will write, as far as the plan tells: the same components, dumps and compose
     * project, without sizes, digests, counts or times.
     */
    public static Manifest planned(BackupPlan plan) {
        List<Manifest.DumpEntry> dumps = new ArrayList<>();
        for (BackupPlan.PlannedDump d : plan.dumps()) {
            for (DumpJob job : d.jobs()) {
                dumps.add(new Manifest.DumpEntry(
                        job.fileName(),
                        d.component().path(),
                        d.container().label(),
                        d.dumper().kind(),
                        job.database().isEmpty() ? null : job.database(),
                        job.format(),
                        0,
                        0,
                        null,
                        Map.of()));
            }
        }
        return new Manifest(
                Manifest.FORMAT,
                "Lifeboat " + LifeboatVersion.get(),
                "(the new snapshot)",
                null,
                null,
                null,
                plan.application(),
                components(plan, dumps, Map.of(), true),
                dumps,
                null,
                List.of(),
                null,
                null);
    }

    private static List<Manifest.ComponentEntry> components(
            BackupPlan plan, List<Manifest.DumpEntry> dumps, Map<String, TreeIndex.Summary> trees, boolean planned) {
        List<Manifest.ComponentEntry> comps = new ArrayList<>();
        for (BackupPlan.Decision d : plan.decisions()) {
            Component c = d.component();
            TreeIndex.Summary t = trees.get(c.path());
            List<String> dumpFiles = dumps.stream()
                    .filter(x -> x.component().equals(c.path()))
                    .map(Manifest.DumpEntry::file)
                    .toList();
            // Planned: the size detection measured, as a guide; done: what was copied.
            Long bytes = t != null
                    ? Long.valueOf(t.bytes())
                    : planned && c.sizeBytes().isPresent() ? c.sizeBytes().getAsLong() : null;
            comps.add(new Manifest.ComponentEntry(
                    c.path(),
                    c.componentClass().jsonName(),
                    c.kind(),
                    c.method(),
                    d.saved(),
                    d.coveredBy(),
                    d.service(),
                    t == null ? null : t.files(),
                    bytes,
                    t == null ? null : t.digest(),
                    dumpFiles.isEmpty() ? null : dumpFiles,
                    d.why(),
                    c.rebuild().isEmpty() ? null : c.rebuild()));
        }
        return comps;
    }
}
