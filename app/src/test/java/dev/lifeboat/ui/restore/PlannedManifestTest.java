package dev.lifeboat.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.dumpers.DumpJob;
import dev.lifeboat.engine.dumpers.Dumpers;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.service.SiteUrls;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.workflow.BackupManifest;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PlannedManifestTest {

    /** The fake backup plan with a copied folder, a folder inside it and a dumped database. */
    static BackupPlan plan() {
        BackupPlan p = FakeBackupEngine.plan();
        Component folder = new Component(
                "/opt/papermerge", ComponentClass.BACKUP, "config", "copy", OptionalLong.of(20_000), "compose");
        Component media = new Component(
                "/opt/papermerge/media", ComponentClass.BACKUP, "files", "copy", OptionalLong.of(48_000_000), "docs");
        Component db = new Component(
                "/opt/papermerge/db", ComponentClass.BACKUP, "postgresql", "dump", OptionalLong.empty(), "PostgreSQL");
        List<BackupPlan.Decision> decisions = List.of(
                new BackupPlan.Decision(folder, "copied", null, null, "the compose folder"),
                new BackupPlan.Decision(media, "copied", "/opt/papermerge", "papermerge", "inside the folder"),
                new BackupPlan.Decision(db, "dumped", null, "db", "dumped in its container"));
        List<BackupPlan.PlannedDump> dumps = List.of(new BackupPlan.PlannedDump(
                db,
                FakeBackupEngine.container("db"),
                Dumpers.forKind("postgresql").orElseThrow(),
                List.of(new DumpJob(
                        "postgres-pmdb", "pmdb", "pg_dump-custom", "pgdump", CommandSpec.read("pg_dump", "pmdb")))));
        return new BackupPlan(
                p.stack(),
                p.project(),
                p.containers(),
                p.stop(),
                p.start(),
                p.keptUp(),
                p.hooks(),
                dumps,
                List.of("/opt/papermerge"),
                p.excludes(),
                decisions,
                p.health(),
                p.dumpsBeforeFiles(),
                p.steps(),
                p.estimate(),
                p.appDir(),
                p.previous(),
                p.asRoot(),
                p.frozen(),
                p.transfer(),
                p.warnings());
    }

    @Test
    void theManifestOfAMigrationsBackupHoldsItsComponentsDumpsAndProject() {
        Manifest m = BackupManifest.planned(plan());
        assertEquals("papermerge", m.application().composeProject());
        assertEquals("papermerge", m.application().stack());
        assertEquals(3, m.components().size());
        assertEquals("/opt/papermerge", m.components().get(1).coveredBy());
        assertEquals(List.of("postgres-pmdb.pgdump.zst"), m.components().get(2).dumps());
        Manifest.DumpEntry d = m.dumps().get(0);
        assertEquals("postgres-pmdb.pgdump.zst", d.file());
        assertEquals("db", d.service());
        assertEquals("postgresql", d.engine());
        assertEquals("img/db", m.application().images().get("db"));
    }

    /** Each step's commands, one line per step, for the assertions. */
    private static List<String> lines(List<PlannedStep> steps) {
        return steps.stream().flatMap(s -> s.commands().stream()).toList();
    }

    @Test
    void theRestoreDescribesItAsItWillRunOnTheNewServer() {
        List<String> steps = lines(RestoreWorkflow.describe(
                BackupManifest.planned(plan()),
                new RestoreWorkflow.Options(false, "https://docs.example.org", null),
                FakeRestoreEngine.maintenance()));
        assertTrue(
                steps.contains("rsync /opt/papermerge -> /opt/papermerge (owners, modes, ACLs, xattrs; --delete)"),
                steps.toString());
        assertTrue(steps.contains("load dumps/postgres-pmdb.pgdump.zst into db (postgresql)"), steps.toString());
        assertTrue(steps.contains("ALLOWED_HOST in .env -> docs.example.org"), steps.toString());
        assertTrue(steps.stream().noneMatch(s -> s.contains("/opt/papermerge/media")), "inside a copied tree");
    }

    @Test
    void theUisSiteValueIsTheEnginesAsDescribeShowsIt() {
        for (Maintenance.SiteSetting s : FakeRestoreEngine.maintenance().siteUrl()) {
            String url = "https://docs.example.org:8443/";
            List<String> steps = lines(RestoreWorkflow.describe(
                    BackupManifest.planned(plan()),
                    new RestoreWorkflow.Options(false, url, null),
                    new Maintenance(
                            List.of(), List.of(), List.of(), List.of(), null, false, List.of(), List.of(s), null)));
            assertTrue(steps.contains(s.key() + " in " + s.file() + " -> " + SiteUrls.value(s, url)), steps.toString());
        }
    }
}
