package dev.lifeboat.engine.service;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.offsite.Keyring;
import dev.lifeboat.engine.probe.FsProbe;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.stacks.Detection;
import dev.lifeboat.engine.stacks.Detector;
import dev.lifeboat.engine.stacks.GenericComposeStack;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.stacks.Stack;
import dev.lifeboat.engine.stacks.StackRegistry;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.StoreStats;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.engine.workflow.Applications;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.DrillWorkflow;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The engine's front door: what the front ends ask of Lifeboat. One per front end, built by its composition root from
 * the user's folders (config: profiles and own stack descriptors; the snapshot store) and the SSH defaults. It logs in
 * to servers ({@link Server}: backup, restore, drill, migrate there) and answers what needs no server (plans of a
 * snapshot's restore or drill, offline detection). The CLI's commands and the wizard build nothing of the engine
 * themselves.
 */
public final class Lifeboat {
    private final AppDirs dirs;
    private final SnapshotStore store;
    private final SshOptions ssh;
    private final List<Stack> stacks;
    private final List<String> catalogueProblems;

    /**
     * @param dirs the user's folders; {@code dirs.config()/stacks} holds the user's own stack descriptors
     * @param store the snapshot store
     * @param ssh the SSH defaults (known_hosts, ssh config); a profile or a command narrows them
     */
    public Lifeboat(AppDirs dirs, SnapshotStore store, SshOptions ssh) {
        this.dirs = dirs;
        this.store = store;
        this.ssh = ssh;
        List<String> problems = new ArrayList<>();
        this.stacks =
                List.copyOf(StackRegistry.withUserDescriptors(dirs.config().resolve("stacks"), problems));
        this.catalogueProblems = List.copyOf(problems);
    }

    private Lifeboat(Lifeboat from, SnapshotStore store) {
        this.dirs = from.dirs;
        this.store = store;
        this.ssh = from.ssh;
        this.stacks = from.stacks;
        this.catalogueProblems = from.catalogueProblems;
    }

    /** The current user's Lifeboat: their folders, the default store, their SSH configuration. */
    public static Lifeboat forCurrentUser() {
        return new Lifeboat(
                AppDirs.forCurrentUser(), new SnapshotStore(SnapshotStore.defaultRoot()), SshOptions.defaults());
    }

    /** The same, with snapshots in another store ({@code --store DIR}). */
    public Lifeboat withStore(Path root) {
        return root == null ? this : new Lifeboat(this, new SnapshotStore(root));
    }

    public AppDirs dirs() {
        return dirs;
    }

    public SnapshotStore store() {
        return store;
    }

    public SshOptions ssh() {
        return ssh;
    }

    /** The saved server profiles. */
    public ProfileStore profiles() {
        return new ProfileStore(dirs.config());
    }

    /**
     * Unattended runs: the schedules beside the profiles, the timers or crontab lines that fire them, the run they
     * fire, the notification channels and the status (issue 18, ADR 0013).
     */
    public Unattended unattended() {
        return new Unattended(
                this,
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                dev.lifeboat.engine.config.Secrets.CREDENTIALS_ROOT,
                java.time.Duration.ofSeconds(1));
    }

    /** The same for a given environment, home, credentials folder and pause between a channel's tries (tests). */
    public Unattended unattended(
            java.util.Map<String, String> env, Path home, Path credentialsRoot, java.time.Duration retryPause) {
        return new Unattended(this, env, home, credentialsRoot, retryPause);
    }

    /** The user's off-site repositories and what is done with them: push, check, fetch (ADR 0012). */
    public Offsite offsite() {
        return new Offsite(dirs.config(), store, new Keyring());
    }

    /** The stack catalogue: the built-in descriptors and the user's own. */
    public List<Stack> stacks() {
        return stacks;
    }

    /** What is wrong with the user's own stack descriptors (each was left out of the catalogue). */
    public List<String> catalogueProblems() {
        return catalogueProblems;
    }

    /** The catalogue's stack of this id; the generic compose stack for {@code generic-compose} (and ids it lacks). */
    public Stack stack(String stackId) {
        return stacks.stream().filter(s -> s.id().equals(stackId)).findFirst().orElseGet(GenericComposeStack::new);
    }

    /** How an application of this stack is stopped, started and checked. */
    public Maintenance maintenance(String stackId) {
        return Applications.maintenance(stacks, stackId);
    }

    public Maintenance maintenance(DetectedStack stack) {
        return Applications.maintenance(stacks, stack);
    }

    /** What a folder that stands for a server's {@code /} holds (offline detection). */
    public Detection detect(Path root) throws EngineException {
        return new Detector(stacks).detect(new FsProbe(root));
    }

    /** The steps a restore of a snapshot runs; nothing is contacted. */
    public List<PlannedStep> planRestore(Manifest m, RestoreWorkflow.Options options) {
        return RestoreWorkflow.describe(m, options, maintenance(m.application().stack()));
    }

    /** The steps a drill of a snapshot runs; nothing is contacted. */
    public List<PlannedStep> planDrill(Manifest m) {
        return DrillWorkflow.describe(m, maintenance(m.application().stack()));
    }

    /** The steps a migration of the planned application runs, on both servers; nothing is changed. */
    public List<PlannedStep> planMigration(
            BackupPlan plan, Maintenance maintenance, String siteUrl, boolean overwrite, boolean direct) {
        return MigrateWorkflow.describe(plan, maintenance, siteUrl, overwrite, direct);
    }

    /**
     * Re-reads a snapshot against its manifest and records the outcome beside it (with what differed). A damaged
     * snapshot verifies as failed with the reason; a store that cannot be written (read-only, full) still gets its
     * answer, with a warning that it was not recorded.
     */
    public Verifier.Result verify(Path snapshot, LongConsumer bytesRead, CancelToken cancel) throws EngineException {
        Verifier.Result r = Verifier.verify(snapshot, bytesRead, cancel);
        try {
            StoreStats.recordVerified(snapshot, r.ok(), r.problems());
        } catch (EngineException e) {
            return r.withWarning(e.getMessage() + ". The listing shows the verification before this one.");
        }
        return r;
    }

    /** Logs in to {@code target} with {@code options} (the defaults narrowed by a command's own). */
    public Server connect(Target target, SshOptions options, Prompter prompter) throws EngineException {
        return server(SshSession.open(target, options, prompter));
    }

    /** Logs in to the server a saved profile names, with its way of logging in. */
    public Server connect(ConnectionProfile profile, Prompter prompter) throws EngineException {
        return server(login(profile, prompter));
    }

    /** Logs in to the server a saved profile names; the session belongs to the caller (see {@link #server}). */
    public SshSession login(ConnectionProfile profile, Prompter prompter) throws EngineException {
        return SshSession.open(target(profile), ssh.forProfile(profile.auth(), profile.keyFile()), prompter);
    }

    /** A server over an open session; closing it closes the session. */
    public Server server(SshSession session) {
        return new Server(this, session);
    }

    /** Where a profile points; port 22 is left to the ssh config, so an alias's own Port still counts. */
    static Target target(ConnectionProfile p) {
        return new Target(
                Optional.of(p.user()),
                p.host(),
                p.port() == Target.DEFAULT_SSH_PORT ? Optional.empty() : Optional.of(p.port()));
    }
}
