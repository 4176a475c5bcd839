package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.dumpers.DumpJob;
import dev.lifeboat.engine.dumpers.Dumper;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.store.Manifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a backup will do, decided before anything changes: shown by {@code plan backup} and the wizard's plan
 * page, then executed as it is by {@link BackupWorkflow}. The commands in it are the exact values the run executes.
 *
 * @param stack the application as detected
 * @param project its compose project
 * @param containers every container of the project, as inspected
 * @param stop the containers to stop, in order
 * @param start the same containers in the order they start again
 * @param keptUp running containers that stay up (the dumped databases and those the stack keeps up)
 * @param hooks commands run before the stop
 * @param dumps the databases to dump
 * @param copyRoots server paths copied with rsync (none inside another)
 * @param excludes server paths inside them left out
 * @param decisions what becomes of each detected component
 * @param health how the site is known to be up again
 * @param dumpsBeforeFiles dumps first, then the final copy (else side by side)
 * @param steps the steps, in order, as {@link BackupWorkflow#describe} makes them from this plan
 * @param estimate the expected downtime and space
 * @param appDir the application's folder in the store
 * @param previous the snapshot unchanged files will be hard-linked to, or null
 * @param asRoot whether files are read as root on the server
 * @param frozen the btrfs subvolumes frozen by a snapshot in the window, with the copied folders in them (ADR 0017)
 * @param transfer how files are carried, for people
 * @param warnings things a person should know
 */
public record BackupPlan(
        DetectedStack stack,
        String project,
        List<ContainerState> containers,
        List<ContainerState> stop,
        List<ContainerState> start,
        List<ContainerState> keptUp,
        List<PlannedHook> hooks,
        List<PlannedDump> dumps,
        List<String> copyRoots,
        List<String> excludes,
        List<Decision> decisions,
        Maintenance.HealthCheck health,
        boolean dumpsBeforeFiles,
        List<PlannedStep> steps,
        Estimate estimate,
        Path appDir,
        Path previous,
        boolean asRoot,
        List<FrozenTrees.Subvolume> frozen,
        String transfer,
        List<String> warnings) {

    /** This plan with its steps. */
    public BackupPlan withSteps(List<PlannedStep> steps) {
        return new BackupPlan(
                stack,
                project,
                containers,
                stop,
                start,
                keptUp,
                hooks,
                dumps,
                copyRoots,
                excludes,
                decisions,
                health,
                dumpsBeforeFiles,
                steps,
                estimate,
                appDir,
                previous,
                asRoot,
                frozen,
                transfer,
                warnings);
    }

    /**
     * The application as a snapshot's manifest records it: stack, version, compose project, each service's image and
     * the host ports its containers publish.
     */
    public Manifest.Application application() {
        Map<String, String> images = new LinkedHashMap<>();
        Set<String> ports = new LinkedHashSet<>();
        for (ContainerState c : containers) {
            images.put(c.label(), c.image());
            ports.addAll(c.ports());
        }
        return new Manifest.Application(
                stack.stackId(),
                stack.displayName(),
                stack.edition(),
                stack.version(),
                stack.installDir(),
                project,
                stack.compose() == null ? null : stack.compose().workingDir(),
                stack.compose() == null ? null : stack.compose().configFiles(),
                images,
                List.copyOf(ports));
    }

    /** A database to dump, in its container. */
    public record PlannedDump(Component component, ContainerState container, Dumper dumper, List<DumpJob> jobs) {}

    /** A hook to run, in its container. */
    public record PlannedHook(Maintenance.Hook hook, ContainerState container, CommandSpec command) {}

    /**
     * What becomes of a component.
     *
     * @param saved {@code copied}, {@code dumped} or {@code skipped}
     * @param coveredBy the copied component it lies in, or null
     * @param service the compose service whose mount it is, or null
     * @param why for people
     */
    public record Decision(Component component, String saved, String coveredBy, String service, String why) {}

    /**
     * @param downtimeSeconds the expected window the site is down
     * @param basis how the estimate was made
     * @param bytesToCopy bytes of the copied trees on the server
     * @param spaceNeededBytes local disk the snapshot should need at most
     */
    public record Estimate(double downtimeSeconds, String basis, long bytesToCopy, long spaceNeededBytes) {}
}
