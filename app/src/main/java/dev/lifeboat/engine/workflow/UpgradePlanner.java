package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.FileText;
import dev.lifeboat.engine.probe.Probe;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.stacks.Stack;
import dev.lifeboat.engine.stacks.Upgrades;
import dev.lifeboat.engine.stacks.VersionChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides an {@link UpgradePlan} from a detected application and a target version. Reads only: the installation's
 * files through a probe (where the version is kept, the settings the constraints name), then what the backup planner
 * reads. A target the catalogue refuses — the same version, an older one, a retracted one, one past a version that
 * must be passed through or a database step not taken — is a {@link PreflightException} that says why and what to do,
 * before the backup planner is asked anything.
 */
public final class UpgradePlanner {
    private final Probe probe;
    private final BackupPlanner backups;

    /**
     * @param probe reads the installation's files (as root where the admin's login cannot)
     * @param backups plans the snapshots the upgrade takes
     */
    public UpgradePlanner(Probe probe, BackupPlanner backups) {
        this.probe = probe;
        this.backups = backups;
    }

    /**
     * The plan of upgrading {@code detected} (an application of {@code stack}) to {@code target}.
     *
     * @throws PreflightException when the upgrade is refused (nothing was changed)
     */
    public UpgradePlan plan(Stack stack, DetectedStack detected, Maintenance m, String target) throws EngineException {
        Map<String, FileText> files = readFiles(probe, stack, detected);
        // First the version alone: a refused target costs no backup planning.
        refuseIfRefused(detected, Upgrades.change(stack, detected, files, List.of(), target));
        BackupPlan backup = backups.plan(detected, m);
        List<String> running = backup.containers().stream()
                .filter(ContainerState::running)
                .map(ContainerState::image)
                .toList();
        VersionChange change = Upgrades.change(stack, detected, files, running, target);
        refuseIfRefused(detected, change);

        List<Component> migrated = new ArrayList<>();
        for (Component c : detected.components()) {
            if (c.componentClass() == ComponentClass.BACKUP && change.migrates().contains(c.kind())) {
                migrated.add(c);
            }
        }
        int wait = change.startSeconds() != null
                ? change.startSeconds()
                : m.healthCheck().timeoutSeconds();
        double snapshot = backup.estimate().downtimeSeconds();
        // The live window: the last snapshot's, the version written (instant), the containers made again (about a
        // second each, plus a few), a build where a service is built on the new image (not estimated).
        double live = snapshot + backup.stop().size() + 2.0;
        UpgradePlan.Downtime downtime = new UpgradePlan.Downtime(
                snapshot,
                live,
                wait,
                backup.estimate().basis() + "; the new version's start about a second per container"
                        + (change.builds().isEmpty() ? "" : ", plus building " + String.join(", ", change.builds()))
                        + "; its migrations as long as they take");
        List<String> warnings = new ArrayList<>(backup.warnings());
        if (!change.builds().isEmpty()) {
            warnings.add(String.join(", ", change.builds()) + " is built on the new image while the site is down: "
                    + "the window includes the build.");
        }
        UpgradePlan plan = new UpgradePlan(
                detected,
                m,
                composeCommand(detected, m, files),
                change,
                migrated,
                backup,
                UpgradeWorkflow.copy(backup.project()),
                downtime,
                List.of(),
                List.of(),
                warnings);
        // The plan shows the steps the workflow is made of: the same list.
        return plan.withSteps(UpgradeWorkflow.describe(plan), UpgradeWorkflow.describeRollback(plan));
    }

    /**
     * The version {@code detected} runs and the newer ones the server already has images of (the window offers them);
     * empty when it cannot be upgraded by Lifeboat (its plan says why). Reads only.
     */
    public static java.util.Optional<Upgrades.Offered> offered(
            Probe probe, Docker docker, Stack stack, DetectedStack detected) throws EngineException {
        Map<String, FileText> files = readFiles(probe, stack, detected);
        List<String> running = detected.compose() == null
                ? List.of()
                : docker.project(detected.compose().name()).stream()
                        .map(ContainerState::image)
                        .toList();
        CommandSpec ls = docker.read("image", "ls", "--format", "{{.Repository}}:{{.Tag}}");
        List<String> local = docker.shell()
                .capture(ls)
                .orThrow(ls)
                .stdout()
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
        return Upgrades.offered(stack, detected, files, running, local);
    }

    /** The installation's files an upgrade reads: those {@link Upgrades#filesToRead} names, then a COMPOSE_FILE's. */
    private static Map<String, FileText> readFiles(Probe probe, Stack stack, DetectedStack detected)
            throws EngineException {
        Map<String, FileText> files = new LinkedHashMap<>(probe.readFiles(Upgrades.filesToRead(stack, detected)));
        List<String> more = Upgrades.moreFiles(stack, detected, files);
        if (!more.isEmpty()) {
            files.putAll(probe.readFiles(more));
        }
        return files;
    }

    private static void refuseIfRefused(DetectedStack detected, VersionChange change) throws PreflightException {
        if (!change.refused()) {
            return;
        }
        StringBuilder b = new StringBuilder("Lifeboat will not upgrade ")
                .append(detected.displayName())
                .append(change.current() == null ? "" : " " + change.current())
                .append(" in ")
                .append(detected.installDir())
                .append(change.target() == null || change.target().isBlank() ? "" : " to " + change.target())
                .append(':');
        for (VersionChange.Check c : change.refusals()) {
            b.append("\n  - ").append(c.why());
            if (!c.detail().isEmpty()) {
                b.append(" (").append(c.detail()).append(')');
            }
        }
        b.append("\nNothing was changed.");
        throw new PreflightException(b.toString());
    }

    /** The compose command of the live start: the vendor's wrapper where the installation has it. */
    private static String composeCommand(DetectedStack detected, Maintenance m, Map<String, FileText> files) {
        if (m.composeWrapper() != null) {
            String w = detected.installDir() + "/" + m.composeWrapper();
            FileText t = files.get(w);
            if (t != null && t.ok()) {
                return w;
            }
        }
        StringBuilder b = new StringBuilder("docker compose -p ")
                .append(detected.compose() == null ? "?" : detected.compose().name());
        if (detected.compose() != null) {
            detected.compose().configFiles().forEach(f -> b.append(" -f ").append(f));
        }
        return b.toString();
    }
}
