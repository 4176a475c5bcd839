package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Detection;
import dev.lifeboat.engine.stacks.Stack;
import dev.lifeboat.engine.stacks.Versions;
import dev.lifeboat.engine.store.Manifest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The checks of a restore's target that read only: root, Docker, compose and rsync there, no other application where
 * this one goes, the project not there yet (unless overwriting), the snapshot's images, its ports free, a snapshot not
 * newer than what is installed, the space. Each refusal says what to do ({@link PreflightException}).
 */
final class RestoreTarget {
    /**
     * Listening TCP sockets (from /proc, which every Linux has), then what running containers publish (with Docker's
     * userland proxy off, a published port has no listening socket).
     */
    private static final String PORTS =
            "for f in /proc/net/tcp /proc/net/tcp6; do [ -r \"$f\" ] && awk 'NR>1 && $4==\"0A\""
                    + " {split($2,a,\":\"); print a[2]}' \"$f\"; done | while read -r h; do echo \"LISTEN $((0x$h))/tcp\";"
                    + " done; docker ps -q | xargs -r docker inspect --format"
                    + " '{{.Id}} {{.Name}}{{range $p, $b := .HostConfig.PortBindings}}{{range $b}} {{.HostPort}}/{{$p}}"
                    + "{{end}}{{end}}'";

    private final RemoteShell shell;
    private final Docker docker;
    private final List<Stack> stacks;
    private final Consumer<String> log;

    RestoreTarget(RemoteShell shell, Docker docker, List<Stack> stacks, Consumer<String> log) {
        this.shell = shell;
        this.docker = docker;
        this.stacks = stacks;
        this.log = log;
    }

    /**
     * The checks that need no snapshot files (a migration runs them before it stops the source; the wizard's plan page
     * before it shows the plan).
     *
     * @param removeDrillLeftovers what to do with a drill project found there (a drill's own leftovers from a cut run)
     */
    RestoreWorkflow.Target check(Manifest.Application app, RestoreWorkflow.Options o, Cleanup removeDrillLeftovers)
            throws EngineException {
        String project = o.project(app);
        Collection<String> imageRefs =
                app.images() == null ? List.of() : app.images().values();
        Privileges p = shell.privileges();
        if (!p.root() && p.sudo() == Privileges.Sudo.UNAVAILABLE) {
            throw new PreflightException("A restore puts files back with their owners, which needs root on "
                    + shell.describe() + ": log in as root or as a user with sudo.");
        }
        // The daemon's answer and compose's plugin (a large program to start) side by side too.
        String tools = "{ docker version --format '{{.Server.Version}}' >/dev/null 2>&1 || echo 'NO docker'; } & "
                + "{ { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; }"
                + " || echo 'NO compose'; } & "
                + "command -v rsync >/dev/null || echo 'NO rsync'; wait";
        List<String> images = new ArrayList<>(new LinkedHashSet<>(imageRefs));
        String inspect = "for i in \"$@\"; do docker image inspect \"$i\" >/dev/null 2>&1 || echo \"MISSING $i\"; done";
        // The reads side by side (the preflight waits for the slowest, not their sum), their answers taken in the
        // order of the checks below.
        try (SideBySide reads = new SideBySide(5, "lifeboat-preflight")) {
            Future<String> said = reads.start(
                    () -> shell.capture(docker.script(tools, List.of(), false)).stdout());
            Future<List<ContainerState>> there = reads.start(() -> docker.project(project));
            Future<String> inspected = reads.start(() -> images.isEmpty()
                    ? ""
                    : shell.capture(docker.script(inspect, images, false)).stdout());
            // Whether anything is where the snapshot's application goes: its folder. When neither that folder nor the
            // project's containers are there (a restore onto a new server), no application can sit in its place and
            // the server's detection — seconds on a server that runs several — is not needed.
            Future<Boolean> folderThere = o.inPlace() && app.installDir() != null
                    ? reads.start(() -> shell.capture(CommandSpec.script(
                                            "[ -e \"$1\" ] && echo THERE; true", List.of(app.installDir()), false)
                                    .asRoot())
                            .stdout()
                            .contains("THERE"))
                    : null;
            Future<String> listening =
                    o.inPlace() && app.ports() != null && !app.ports().isEmpty()
                            ? reads.start(() -> shell.capture(docker.script(PORTS, List.of(), false))
                                    .stdout())
                            : null;
            checkTools(SideBySide.take(said));
            List<ContainerState> existing = SideBySide.take(there);
            if (!existing.isEmpty()) {
                if (!o.inPlace()) {
                    removeDrillLeftovers.run();
                } else if (!o.overwrite()) {
                    throw new PreflightException(shell.describe() + " already runs " + "the application"
                            + " (compose project "
                            + project + ", " + existing.size() + " containers). Restoring replaces its data with the"
                            + " snapshot's: add --overwrite if that is what you want.");
                }
            }
            List<String> missing = SideBySide.take(inspected)
                    .lines()
                    .filter(l -> l.startsWith("MISSING "))
                    .map(l -> l.substring(8))
                    .toList();
            if (!missing.isEmpty()) {
                throw new PreflightException("The snapshot's images are not on " + shell.describe() + ": "
                        + String.join(", ", missing)
                        + ". Pull them there (docker pull IMAGE) or load them (docker load)"
                        + " and run the restore again.");
            }
            if (!o.inPlace()) {
                return new RestoreWorkflow.Target(existing, null); // its own folder and project, no published ports
            }
            boolean somethingThere = !existing.isEmpty() || folderThere == null || SideBySide.take(folderThere);
            DetectedStack installed = somethingThere ? installed(app, p) : null;
            if (listening != null) {
                checkPorts(app.ports(), existing, SideBySide.take(listening));
            }
            return new RestoreWorkflow.Target(existing, installed);
        }
    }

    private void checkTools(String said) throws PreflightException {
        if (said.contains("NO docker")) {
            throw new PreflightException("Docker does not answer on " + shell.describe() + ": install it (or start it)"
                    + " and run the restore again.");
        }
        if (said.contains("NO compose")) {
            throw new PreflightException("Neither 'docker compose' nor 'docker-compose' is on " + shell.describe()
                    + ": install Docker's compose plugin and run the restore again.");
        }
        if (said.contains("NO rsync")) {
            throw new PreflightException("rsync is not installed on " + shell.describe() + " (apt install rsync).");
        }
    }

    /** What removes a drill's leftovers. */
    @FunctionalInterface
    interface Cleanup {
        void run() throws EngineException;
    }

    /**
     * The application that sits where the snapshot's goes: the same install folder or the same compose project.
     * Another stack there is refused (a restore would mix two applications); the same stack is returned.
     */
    private DetectedStack installed(Manifest.Application app, Privileges p) throws EngineException {
        Detection d = Applications.detect(stacks, shell, !p.root());
        DetectedStack same = null;
        for (DetectedStack s : d.stacks()) {
            boolean samePlace = s.installDir().equals(app.installDir())
                    || (s.compose() != null && s.compose().name().equals(app.composeProject()));
            if (!samePlace) {
                continue;
            }
            if (!s.stackId().equals(app.stack())) {
                throw new PreflightException(shell.describe() + " has " + s.displayName()
                        + (s.version() == null ? "" : " " + s.version()) + " in " + s.installDir()
                        + (s.compose() == null
                                ? ""
                                : " (compose project " + s.compose().name() + ")")
                        + ", where this snapshot of " + app.name() + " goes (" + app.installDir() + ", project "
                        + app.composeProject() + "). Restoring would mix two applications: restore onto another"
                        + " server, or move that application away first.");
            }
            same = s;
        }
        return same;
    }

    /**
     * The installed version against the snapshot's. A snapshot newer than what is installed is refused: the
     * application's own files that are not in the snapshot (the Toolkit's scripts, an installer's) would be older than
     * its data, and applications migrate data forward on an upgrade, never back; the vendors' way is to upgrade the
     * installation first. An older snapshot is said: the restore puts back its compose files, and with them its
     * version, next to its data.
     */
    void checkVersion(Manifest.Application app, DetectedStack installed) throws PreflightException {
        String theirs = installed.version();
        String ours = app.version();
        if (theirs == null || ours == null || Versions.compare(ours, theirs) == 0) {
            return;
        }
        if (Versions.compare(ours, theirs) > 0) {
            throw new PreflightException("The snapshot holds " + app.name() + " " + ours + ", newer than the "
                    + theirs + " installed on " + shell.describe() + " in " + installed.installDir()
                    + ": an older installation cannot take newer data. Upgrade the application there to " + ours
                    + " first (or remove it, to restore onto a clean server), then run the restore again.");
        }
        log.accept(shell.describe() + " has " + app.name() + " " + theirs + "; the snapshot is of " + ours
                + ": the restore puts back its compose files, and with them " + ours);
    }

    /**
     * Whether there is room for the snapshot where it goes. Files already in place (a migration's direct copy, an
     * earlier cut restore) take no more space: rsync replaces only what differs.
     */
    void checkSpace(Manifest m, RestoreWorkflow.Options o, boolean targetEmpty) throws EngineException {
        long need = m.components().stream()
                        .filter(c -> "copied".equals(c.saved()) && c.coveredBy() == null && c.bytes() != null)
                        .mapToLong(Manifest.ComponentEntry::bytes)
                        .sum()
                + m.dumps().stream().mapToLong(d -> d.rawBytes() * 2).sum();
        String where = o.inPlace() ? m.application().installDir() : o.drill().root();
        String df = "d=$1; while [ ! -d \"$d\" ]; do d=$(dirname \"$d\"); done; df -Pk \"$d\" | awk 'NR==2 {print $4}'";
        String free = shell.capture(
                        CommandSpec.script(df, List.of(where), false).asRoot())
                .stdout()
                .strip();
        if (!free.matches("\\d+") || (o.inPlace() && !targetEmpty)) {
            return;
        }
        long freeBytes = Long.parseLong(free) * 1024;
        if (o.inPlace() && freeBytes < need + need / 10) {
            String du = "du -sk \"$@\" 2>/dev/null | awk '{s += $1} END {print s + 0}'";
            String present = shell.capture(CommandSpec.script(du, RestoreWorkflow.copiedRoots(m), false)
                            .asRoot())
                    .stdout()
                    .strip();
            if (present.matches("\\d+")) {
                need = Math.max(0, need - Long.parseLong(present) * 1024);
            }
        }
        if (freeBytes < need + need / 10) {
            throw new PreflightException("Not enough space on " + shell.describe() + " for " + where + ": "
                    + BackupWorkflow.human(freeBytes) + " free, the snapshot needs about "
                    + BackupWorkflow.human(need) + ". Free some space and run it again.");
        }
    }

    /**
     * The host ports the snapshot's containers publish must be free on the target, but for those the project's own
     * containers hold there now (they are stopped first).
     */
    private void checkPorts(List<String> ports, List<ContainerState> existing, String out) throws EngineException {
        // The project's running containers hold their ports through Docker's proxy: those are freed by the stop.
        Set<String> own = new LinkedHashSet<>();
        Set<String> ids = new LinkedHashSet<>();
        for (ContainerState c : existing) {
            ids.add(c.id());
            if (c.running()) {
                own.addAll(c.ports());
            }
        }
        List<String> taken = takenPorts(out, ports, own, ids);
        if (!taken.isEmpty()) {
            throw new PreflightException("The application needs port" + (taken.size() == 1 ? " " : "s ")
                    + String.join(", ", taken) + " on " + shell.describe() + ", which "
                    + (taken.size() == 1 ? "is" : "are") + " taken. Stop what uses "
                    + (taken.size() == 1 ? "it" : "them") + " there, then run the restore again.");
        }
    }

    /**
     * Which of {@code wanted} ({@code 8080/tcp}) the target's answer shows taken, with what holds each: lines
     * {@code LISTEN PORT/tcp} and {@code ID /NAME PORT/PROTO/CPORT...}. Ports the project's own containers publish
     * ({@code own}, {@code ownIds}) do not count.
     */
    static List<String> takenPorts(String answer, List<String> wanted, Set<String> own, Set<String> ownIds) {
        Map<String, String> holder = new LinkedHashMap<>();
        for (String line : answer.split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 2 && w[0].equals("LISTEN")) {
                holder.putIfAbsent(w[1], "a process");
            } else if (w.length >= 3 && !ownIds.contains(w[0])) {
                for (int i = 2; i < w.length; i++) {
                    // HOSTPORT/CPORT/PROTO, e.g. 8080/80/tcp
                    String[] parts = w[i].split("/");
                    if (parts.length == 3 && parts[0].matches("\\d+")) {
                        holder.put(parts[0] + "/" + parts[2], "container " + w[1].replaceFirst("^/", ""));
                    }
                }
            }
        }
        List<String> taken = new ArrayList<>();
        for (String p : wanted) {
            String who = holder.get(p);
            if (who != null && !(own.contains(p) && who.equals("a process"))) {
                taken.add(p + " (" + who + ")");
            }
        }
        return taken;
    }
}
