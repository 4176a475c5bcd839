package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.store.Manifest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How compose is run for a restore: in place through the vendor's wrapper or with the snapshot's project and files; for
 * a drill, from a compose file of its own ({@link DrillCompose}) made from the copy's configuration.
 *
 * @param workDir where compose runs
 * @param wrapper the vendor's wrapper script (the Overleaf Toolkit's {@code bin/docker-compose}), or null
 * @param project the compose project
 * @param files the compose files
 */
record RestoreCompose(String workDir, String wrapper, String project, List<String> files) {

    /**
     * In place: the vendor's wrapper when the snapshot or the target has it, else the snapshot's compose files, which
     * must be in the snapshot or on the target. A drill: its own file in its folder.
     */
    static RestoreCompose of(
            Path snapshot, Manifest m, RestoreWorkflow.Options o, Maintenance maintenance, Exists exists, String where)
            throws EngineException {
        Manifest.Application app = m.application();
        if (!o.inPlace()) {
            return new RestoreCompose(
                    o.drill().root(), null, o.project(app), List.of(o.drill().root() + "/lifeboat-drill.yml"));
        }
        String wrapper = null;
        if (maintenance.composeWrapper() != null) {
            String w = app.installDir() + "/" + maintenance.composeWrapper();
            if (Files.isRegularFile(snapshot.resolve("files").resolve(w.substring(1))) || exists.test(w)) {
                wrapper = w;
            }
        }
        List<String> files = app.composeFiles() == null ? List.of() : app.composeFiles();
        if (wrapper == null) {
            List<String> missing = new ArrayList<>();
            for (String f : files) {
                String abs = f.startsWith("/") ? f : app.composeWorkingDir() + "/" + f;
                if (!Files.exists(snapshot.resolve("files").resolve(abs.substring(1))) && !exists.test(abs)) {
                    missing.add(abs);
                }
            }
            if (!missing.isEmpty()) {
                throw new PreflightException("The compose files " + String.join(", ", missing) + " are neither in the"
                        + " snapshot nor on " + where + ": install the application's own files there first"
                        + (maintenance.composeWrapper() != null
                                ? " (for this stack: its installer or repository, which brings "
                                        + maintenance.composeWrapper() + ")"
                                : "")
                        + ", then run the restore again.");
            }
        }
        return new RestoreCompose(app.composeWorkingDir(), wrapper, app.composeProject(), files);
    }

    /** Whether a path exists on the target. */
    @FunctionalInterface
    interface Exists {
        boolean test(String path) throws EngineException;
    }

    /** {@code compose ARGS}: through the vendor's wrapper, or compose with its project and files. */
    CommandSpec spec(Docker docker, List<String> args, boolean mutating) throws EngineException {
        List<String> all = new ArrayList<>();
        String script;
        if (wrapper != null) {
            String dir = wrapper.substring(0, wrapper.lastIndexOf('/'));
            String installDir = dir.substring(0, dir.lastIndexOf('/'));
            script = "cd \"$1\" && shift && w=$1 && shift && exec \"$w\" \"$@\"";
            all.add(installDir);
            all.add(wrapper);
        } else {
            script = "cd \"$1\" && shift && if docker compose version >/dev/null 2>&1; then exec docker compose \"$@\";"
                    + " else exec docker-compose \"$@\"; fi";
            all.add(workDir);
            all.add("-p");
            all.add(project);
            for (String f : files) {
                all.add("-f");
                all.add(f);
            }
        }
        all.addAll(args);
        return docker.script(script, all, mutating);
    }

    /** Runs {@code compose ARGS}; its output goes to {@code log}; a failure says what to do. */
    void run(RemoteShell shell, Docker docker, List<String> args, Consumer<String> log, CancelToken cancel)
            throws EngineException {
        CommandSpec spec = spec(docker, args, true);
        OutputSink.Captured err = OutputSink.capture(64 * 1024);
        CommandResult r = shell.run(spec, null, err, cancel);
        String text = (err.stdoutText() + "\n" + err.stderrText()).strip();
        text.lines().filter(l -> !l.isBlank()).forEach(log);
        if (!r.ok()) {
            String hint = text.contains("port is already allocated") || text.contains("address already in use")
                    ? " A port the application publishes is taken on " + shell.describe()
                            + ": stop what holds it, then run the restore again (it continues from here)."
                    : "";
            throw new EngineException(
                    "compose " + String.join(" ", args) + " failed: " + BackupWorkflow.lastLines(text) + hint);
        }
    }

    /**
     * Writes a drill's compose file (this one) from the application's resolved configuration, read where the drill's
     * own copy of the compose folder is (relative paths then point into the copy, and a spare server has no live one),
     * else from the live originals beside it; {@link DrillCompose} moves every path into the copy either way.
     */
    void writeDrillFile(
            RemoteShell shell,
            Docker docker,
            Path snapshot,
            Manifest m,
            RestoreWorkflow.Relocation r,
            Maintenance maintenance,
            Exists exists)
            throws EngineException {
        Manifest.Application app = m.application();
        RestoreCompose source = null;
        if (maintenance.composeWrapper() != null) {
            String w = app.installDir() + "/" + maintenance.composeWrapper();
            if (exists.test(r.root() + w)) {
                source = new RestoreCompose(null, r.root() + w, app.composeProject(), List.of());
            } else if (exists.test(w)) {
                source = new RestoreCompose(null, w, app.composeProject(), List.of());
            }
        }
        if (source == null) {
            List<String> files = app.composeFiles() == null ? List.of() : app.composeFiles();
            String first = files.isEmpty() ? "docker-compose.yml" : files.get(0);
            String absFirst = first.startsWith("/") ? first : app.composeWorkingDir() + "/" + first;
            if (Files.exists(snapshot.resolve("files").resolve(absFirst.substring(1)))) {
                source = new RestoreCompose(
                        r.root() + app.composeWorkingDir(),
                        null,
                        app.composeProject(),
                        files.stream()
                                .map(f -> f.startsWith("/") ? r.root() + f : f)
                                .toList());
            } else if (exists.test(absFirst)) {
                source = new RestoreCompose(app.composeWorkingDir(), null, app.composeProject(), files);
            } else {
                throw new PreflightException("The snapshot does not hold the application's compose file " + absFirst
                        + ", and " + shell.describe() + " has none: the drill's copy cannot be set up there. Drill"
                        + " beside the live site instead, or back up the compose folder with the application.");
            }
        }
        RemoteShell.Captured cfg = shell.capture(source.spec(docker, List.of("config"), false));
        if (!cfg.ok()) {
            throw new EngineException("compose could not read the application's configuration for the drill: "
                    + cfg.stderr().strip());
        }
        String yaml = DrillCompose.rewrite(cfg.stdout(), r, app.composeProject(), m);
        CommandSpec write = CommandSpec.script(
                        "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", List.of(files.get(0)), true)
                .asRoot();
        shell.run(
                write,
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                OutputSink.DISCARD,
                CancelToken.NONE);
    }
}
