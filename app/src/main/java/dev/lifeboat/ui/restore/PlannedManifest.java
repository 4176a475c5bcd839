package dev.lifeboat.ui.restore;

import dev.lifeboat.engine.LifeboatVersion;
import dev.lifeboat.engine.dumpers.DumpJob;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.workflow.BackupPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifest a migration's backup will write, as far as its plan tells: what {@code RestoreWorkflow.describe}
 * needs to show the restore on the new server before the snapshot exists. No sizes, digests or counts; the same
 * components, dumps and compose project as the backup records them.
 */
public final class PlannedManifest {
    private PlannedManifest() {}

    public static Manifest of(BackupPlan plan) {
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
        List<Manifest.ComponentEntry> components = new ArrayList<>();
        for (BackupPlan.Decision d : plan.decisions()) {
            Component c = d.component();
            List<String> files = dumps.stream()
                    .filter(x -> x.component().equals(c.path()))
                    .map(Manifest.DumpEntry::file)
                    .toList();
            components.add(new Manifest.ComponentEntry(
                    c.path(),
                    c.componentClass().jsonName(),
                    c.kind(),
                    c.method(),
                    d.saved(),
                    d.coveredBy(),
                    d.service(),
                    null,
                    c.sizeBytes().isPresent() ? c.sizeBytes().getAsLong() : null,
                    null,
                    files.isEmpty() ? null : files,
                    d.why()));
        }
        Manifest.Application app = plan.application();
        return new Manifest(
                Manifest.FORMAT,
                "Lifeboat " + LifeboatVersion.get(),
                "(taken by the migration)",
                null,
                null,
                null,
                app,
                components,
                dumps,
                null,
                List.of(),
                null,
                null);
    }
}
