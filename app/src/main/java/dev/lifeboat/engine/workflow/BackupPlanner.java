package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.dumpers.DumpJob;
import dev.lifeboat.engine.dumpers.Dumper;
import dev.lifeboat.engine.dumpers.Dumpers;
import dev.lifeboat.engine.dumpers.ToolMissingException;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides a {@link BackupPlan} from a detected application and what its containers say now. Reads only: inspects the
 * containers, checks the dump tools inside them and lists their databases, checks the server's and this machine's
 * tools and the store. A refusal is a {@link PreflightException} that says what to do.
 */
public final class BackupPlanner {
    static final int DEFAULT_STOP_GRACE_SECONDS = 20;

    private final RemoteShell shell;
    private final Docker docker;
    private final SnapshotStore store;
    private final String host;
    private final int port;
    private final String transfer;

    public BackupPlanner(RemoteShell shell, SnapshotStore store, String host, int port, String transfer) {
        this.shell = shell;
        this.docker = new Docker(shell);
        this.store = store;
        this.host = host;
        this.port = port;
        this.transfer = transfer;
    }

    public BackupPlan plan(DetectedStack stack, Maintenance m) throws EngineException {
        if (stack.compose() == null) {
            throw new PreflightException(stack.displayName() + " in " + stack.installDir()
                    + " is not running (no container of its compose project was found). Lifeboat backs up a running"
                    + " site: start it (docker compose up -d) and try again.");
        }
        Privileges priv = shell.privileges();
        boolean asRoot = priv.root() || priv.sudo() != Privileges.Sudo.UNAVAILABLE;
        List<String> warnings = new ArrayList<>();
        if (stack.compose() == null) {
            throw new PreflightException(stack.displayName() + " in " + stack.installDir() + " has no containers on "
                    + shell.describe() + ": there is nothing to stop and start. Start it (docker compose up -d in its"
                    + " folder), then back it up.");
        }
        String project = stack.compose().name();
        List<ContainerState> containers = docker.project(project);
        List<ContainerState> running =
                containers.stream().filter(ContainerState::running).toList();
        if (running.isEmpty()) {
            throw new PreflightException("No container of the compose project " + project + " is running on "
                    + shell.describe() + ". Start the site and try again.");
        }
        serverTools(asRoot);

        // What becomes of each component. The install folder itself is copied whole (compose files, scripts, build
        // files, config the descriptor does not name): a restore onto an empty server needs all of it.
        List<Component> components = new ArrayList<>(stack.components());
        if (installFolderIsCopied(stack.installDir())
                && components.stream().noneMatch(c -> c.path().equals(stack.installDir()))) {
            components.add(
                    0,
                    new Component(
                            stack.installDir(),
                            ComponentClass.BACKUP,
                            "config",
                            "copy",
                            java.util.OptionalLong.empty(),
                            "the install folder as a whole (compose files, scripts, config)"));
        }
        List<String> roots = new ArrayList<>();
        for (Component c : components) {
            if (c.componentClass() == ComponentClass.BACKUP && c.method().equals("copy")) {
                roots.add(c.path());
            }
        }
        roots = outermost(roots);
        Map<String, String> where = existing(roots, asRoot);
        Set<String> present = where.keySet();
        // A copied path that is a symlink would be copied as the link alone: copy what it points to as well.
        List<String> resolved = new ArrayList<>();
        for (Map.Entry<String, String> e : where.entrySet()) {
            if (!e.getValue().equals(e.getKey()) && !e.getValue().isBlank()) {
                warnings.add(e.getKey() + " is a link to " + e.getValue() + ": both the link and what it points to"
                        + " are copied.");
                resolved.add(e.getValue());
            }
        }
        List<BackupPlan.Decision> decisions = new ArrayList<>();
        List<BackupPlan.PlannedDump> dumps = new ArrayList<>();
        Set<String> dbContainers = new LinkedHashSet<>();
        List<String> excludes = new ArrayList<>();
        for (Component c : components) {
            Optional<ContainerState> owner = owner(c.path(), containers);
            String service = owner.map(ContainerState::label).orElse(null);
            String coveredBy = roots.stream()
                    .filter(r -> !r.equals(c.path()) && within(c.path(), r))
                    .findFirst()
                    .orElse(null);
            if (c.componentClass() != ComponentClass.BACKUP) {
                decisions.add(new BackupPlan.Decision(
                        c, "skipped", coveredBy, service, c.componentClass().jsonName() + ": not kept"));
                if (coveredBy != null) {
                    excludes.add(c.path());
                }
                continue;
            }
            if (c.method().equals("dump")) {
                Optional<Dumper> dumper = Dumpers.forKind(c.kind());
                if (dumper.isEmpty()) {
                    throw new PreflightException("Lifeboat cannot dump " + c.kind() + " yet (" + c.path() + ").");
                }
                if (owner.isEmpty() || !owner.get().running()) {
                    throw new PreflightException("No running container holds the " + c.kind() + " data in " + c.path()
                            + " on " + shell.describe() + ", so it cannot be dumped. Start the site and try again.");
                }
                ContainerState db = owner.get();
                if (dbContainers.contains(db.id())) {
                    decisions.add(new BackupPlan.Decision(
                            c, "dumped", coveredBy, service, "dumped with the other data of " + db.label()));
                    continue;
                }
                Dumper.Source source;
                try {
                    source = dumper.get().probe(docker, db, c.path());
                } catch (ToolMissingException e) {
                    throw new PreflightException(e.getMessage(), e);
                }
                List<DumpJob> jobs = dumper.get().jobs(docker, db, source);
                dumps.add(new BackupPlan.PlannedDump(c, db, dumper.get(), jobs));
                dbContainers.add(db.id());
                decisions.add(new BackupPlan.Decision(
                        c,
                        "dumped",
                        coveredBy,
                        service,
                        "dumped with "
                                + dumper.get().tool() + " in " + db.label()
                                + (source.databases().isEmpty()
                                        ? ""
                                        : " (" + String.join(", ", source.databases()) + ")")));
                if (coveredBy != null) {
                    excludes.add(c.path());
                }
            } else if (c.method().equals("copy")) {
                if (coveredBy != null) {
                    decisions.add(new BackupPlan.Decision(c, "copied", coveredBy, service, "inside " + coveredBy));
                } else if (!present.contains(c.path())) {
                    decisions.add(new BackupPlan.Decision(c, "skipped", null, service, "not on the server"));
                    warnings.add(c.path() + " is not on the server: nothing to copy there.");
                } else {
                    decisions.add(new BackupPlan.Decision(c, "copied", null, service, "copied with rsync"));
                }
            } else {
                decisions.add(new BackupPlan.Decision(c, "skipped", coveredBy, service, "method " + c.method()));
            }
        }
        List<String> withTargets =
                new ArrayList<>(roots.stream().filter(present::contains).toList());
        withTargets.addAll(resolved);
        List<String> copyRoots = outermost(withTargets);

        // Which containers stop, in which order; which stay up.
        List<ContainerState> stop = new ArrayList<>();
        List<ContainerState> keptUp = new ArrayList<>();
        for (String s : m.stopOrder()) {
            running.stream()
                    .filter(c -> c.service().equals(s) && !dbContainers.contains(c.id()))
                    .forEach(stop::add);
        }
        List<ContainerState> rest = new ArrayList<>();
        for (ContainerState c : running) {
            if (stop.contains(c)) {
                continue;
            }
            if (dbContainers.contains(c.id()) || m.keepUp().contains(c.service())) {
                keptUp.add(c);
            } else {
                rest.add(c);
            }
        }
        keptUp.sort(Comparator.comparing(ContainerState::label));
        rest.sort(Comparator.comparingInt((ContainerState c) -> -m.startOrder().indexOf(c.service()))
                .thenComparing(ContainerState::label));
        stop.addAll(rest);
        List<ContainerState> start = new ArrayList<>(stop);
        List<ContainerState> reversedStop = new ArrayList<>(stop);
        java.util.Collections.reverse(reversedStop);
        start.sort(Comparator.comparingInt((ContainerState c) -> {
                    int i = m.startOrder().indexOf(c.service());
                    return i < 0 ? Integer.MAX_VALUE : i;
                })
                .thenComparingInt(reversedStop::indexOf));
        for (ContainerState c : containers) {
            if (!c.running()) {
                warnings.add(c.label() + " was not running before the backup; Lifeboat leaves it as it is.");
            }
        }

        List<BackupPlan.PlannedHook> hooks = new ArrayList<>();
        for (Maintenance.Hook h : m.beforeStop()) {
            Optional<ContainerState> c = running.stream()
                    .filter(x -> x.service().equals(h.service()))
                    .findFirst();
            if (c.isEmpty()) {
                warnings.add("The step '" + String.join(" ", h.run()) + "' needs " + h.service()
                        + ", which is not running: skipped.");
                continue;
            }
            CommandSpec cmd = docker.exec(c.get(), h.run(), true).withTimeout(Duration.ofMinutes(30));
            hooks.add(new BackupPlan.PlannedHook(h, c.get(), cmd));
        }

        Path appDir = store.appDir(host, port, stack.stackId(), project);
        Path previous = store.latestComplete(appDir).orElse(null);
        Manifest prev = previous == null ? null : SnapshotStore.readManifest(previous);
        BackupPlan.Estimate estimate = estimate(stack, copyRoots, dumps, stop, prev);
        localChecks(estimate);

        BackupPlan plan = new BackupPlan(
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
                m.healthCheck(),
                m.dumpsBeforeFiles(),
                List.of(),
                estimate,
                appDir,
                previous,
                asRoot,
                frozen(copyRoots, asRoot),
                transfer,
                warnings);
        // The plan shows the steps the workflow will run: the same list.
        return plan.withSteps(BackupWorkflow.describe(plan, false));
    }

    /** An install folder is copied whole unless it is a home or system folder (compose run from ~ or /). */
    static boolean installFolderIsCopied(String dir) {
        String d = dir.replaceAll("/+$", "");
        return !(d.isEmpty()
                || d.equals("/root")
                || d.matches("/home/[^/]+")
                || d.equals("/home")
                || d.equals("/opt")
                || d.equals("/srv")
                || d.equals("/var/lib/docker/volumes"));
    }

    /** "1 container", "3 containers". */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static int grace(ContainerState c) {
        return c.stopTimeoutSeconds().orElse(DEFAULT_STOP_GRACE_SECONDS);
    }

    private BackupPlan.Estimate estimate(
            DetectedStack stack,
            List<String> copyRoots,
            List<BackupPlan.PlannedDump> dumps,
            List<ContainerState> stop,
            Manifest prev) {
        long bytes = 0;
        for (Component c : stack.components()) {
            if (copyRoots.contains(c.path())) {
                bytes += c.sizeBytes().orElse(0);
            }
        }
        long dbBytes = 0;
        for (BackupPlan.PlannedDump d : dumps) {
            dbBytes += d.component().sizeBytes().orElse(0);
        }
        if (prev != null && prev.downtime() != null) {
            double s = prev.downtime().millis() / 1000.0;
            long newDisk = bytes + dbBytes;
            return new BackupPlan.Estimate(s, "as measured by the previous backup (" + prev.id() + ")", bytes, newDisk);
        }
        // First backup: a stop takes about a second per container, a dump reads its data at about 50 MB/s, the
        // final copy of an already pre-synced tree takes about a second, start and health check a few seconds.
        double stopS = 1.0 * stop.size();
        double dumpS = 0.5 + dbBytes / 50e6;
        double syncS = 1.0;
        double startS = 1.0 * stop.size() + 2.0;
        double s = stopS + Math.max(dumpS, syncS) + startS;
        return new BackupPlan.Estimate(
                s, "first backup: estimated from container count and data sizes", bytes, bytes + dbBytes);
    }

    private void localChecks(BackupPlan.Estimate e) throws EngineException {
        try {
            // Permission denied, a read-only filesystem or a full disk, said with what to do.
            store.checkWritable();
        } catch (EngineException x) {
            throw new PreflightException(x.getMessage(), x);
        }
        try {
            long free = Files.getFileStore(store.root()).getUsableSpace();
            if (free < e.spaceNeededBytes()) {
                throw new PreflightException("The snapshot store " + store.root() + " has "
                        + dev.lifeboat.engine.model.ByteSizes.human(java.util.OptionalLong.of(free))
                        + " free; this backup may need up to "
                        + dev.lifeboat.engine.model.ByteSizes.human(java.util.OptionalLong.of(e.spaceNeededBytes()))
                        + ". Free some space or use another --store.");
            }
        } catch (IOException x) {
            throw new PreflightException(store.unusable(x), x);
        }
        try {
            store.checkXattrs();
        } catch (EngineException x) {
            throw new PreflightException(x.getMessage(), x);
        }
        try {
            Process p = new ProcessBuilder("rsync", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IOException("rsync --version failed");
            }
        } catch (IOException x) {
            throw new PreflightException(
                    "rsync is not installed on this computer. Install it (sudo apt install" + " rsync) and try again.",
                    x);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new dev.lifeboat.engine.CancelledException("Interrupted.");
        }
    }

    private void serverTools(boolean asRoot) throws EngineException {
        String script =
                "for t in docker rsync flock setsid tac timeout; do command -v $t >/dev/null 2>&1 || echo \"$t\"; done";
        CommandSpec s = new CommandSpec(
                List.of("sh", "-c", script), Map.of(), false, false, Optional.of(Duration.ofSeconds(30)));
        RemoteShell.Captured c = shell.capture(asRoot ? s.asRoot() : s).orThrow(s);
        List<String> missing =
                c.stdout().lines().map(String::strip).filter(x -> !x.isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new PreflightException(shell.describe() + " lacks " + String.join(", ", missing)
                    + ", which the backup needs there. Install them (Debian/Ubuntu: apt install "
                    + String.join(" ", missing)
                            .replace("flock", "util-linux")
                            .replace("setsid", "util-linux")
                            .replace("tac", "coreutils")
                            .replace("timeout", "coreutils")
                    + ") and try again.");
        }
    }

    /**
     * The btrfs subvolumes whose copied folders the window freezes with a snapshot (ADR 0017): only as root (a
     * snapshot and a mount namespace need it); none when the server cannot say.
     */
    private List<FrozenTrees.Subvolume> frozen(List<String> copyRoots, boolean asRoot) {
        if (!asRoot || copyRoots.isEmpty()) {
            return List.of();
        }
        try {
            RemoteShell.Captured c = shell.capture(FrozenTrees.probeSpec(copyRoots));
            return c.ok() ? FrozenTrees.parseProbe(c.stdout(), copyRoots) : List.of();
        } catch (EngineException e) {
            return List.of();
        }
    }

    /** The paths that exist on the server, each with where it really is (its symlinks resolved). */
    private Map<String, String> existing(List<String> paths, boolean asRoot) throws EngineException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (paths.isEmpty()) {
            return out;
        }
        List<String> args = new ArrayList<>(List.of(
                "sh",
                "-c",
                "for p in \"$@\"; do if [ -e \"$p\" ] || [ -L \"$p\" ]; then"
                        + " r=$(realpath -e \"$p\" 2>/dev/null) || r=\"$p\"; printf '%s\\0%s\\0' \"$p\" \"$r\"; fi; done",
                "sh"));
        args.addAll(paths);
        CommandSpec s = new CommandSpec(args, Map.of(), false, false, Optional.of(Duration.ofSeconds(30)));
        RemoteShell.Captured c = shell.capture(asRoot ? s.asRoot() : s).orThrow(s);
        String[] f = c.stdout().split("\0");
        for (int i = 0; i + 1 < f.length; i += 2) {
            out.put(f[i], f[i + 1]);
        }
        return out;
    }

    /** The container whose mount holds a server path (the longest mount source that contains it). */
    static Optional<ContainerState> owner(String path, List<ContainerState> containers) {
        ContainerState best = null;
        int bestLen = -1;
        for (ContainerState c : containers) {
            for (ContainerState.Mount mt : c.mounts()) {
                String src = mt.source();
                if (within(path, src) && src.length() > bestLen) {
                    best = c;
                    bestLen = src.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The paths of a list that lie in no other path of it. */
    static List<String> outermost(List<String> paths) {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            boolean inner = paths.stream().anyMatch(o -> !o.equals(p) && within(p, o));
            if (!inner && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    static boolean within(String path, String dir) {
        String d = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        return path.equals(d) || path.startsWith(d + "/") || d.isEmpty();
    }
}
