package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.ShellProbe;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Detection;
import dev.lifeboat.engine.stacks.Detector;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.stacks.Stack;
import java.util.List;

/**
 * Detects what a server runs and picks the one application a command works on ({@code --app}: its install folder, or
 * its stack id when only one of that stack runs there). Refuses with the choices when it cannot tell.
 */
public final class Applications {
    private Applications() {}

    /** The chosen application and how it is stopped and started. */
    public record Chosen(DetectedStack stack, Maintenance maintenance) {}

    public static Chosen choose(List<Stack> stacks, RemoteShell shell, String app, boolean sudo)
            throws EngineException {
        List<DetectedStack> found = detect(stacks, shell, sudo).stacks();
        if (found.isEmpty()) {
            throw new PreflightException("No application found on " + shell.describe() + " (run lifeboat detect "
                    + "with --explain to see where Lifeboat looked).");
        }
        List<DetectedStack> pick;
        if (app == null) {
            pick = found;
        } else {
            String a = app.replaceAll("/+$", "");
            pick = found.stream().filter(s -> s.installDir().equals(a)).toList();
            if (pick.isEmpty()) {
                pick = found.stream().filter(s -> s.stackId().equals(a)).toList();
            }
        }
        if (pick.size() != 1) {
            StringBuilder b = new StringBuilder();
            b.append(
                    pick.isEmpty()
                            ? "No application matches --app " + app
                            : app == null
                                    ? shell.describe() + " runs " + found.size() + " applications"
                                    : "--app " + app + " matches several applications");
            b.append(": choose one with --app INSTALL-DIR (or --app STACK when only one of that stack runs):");
            for (DetectedStack s : found) {
                b.append("\n  --app ")
                        .append(s.installDir())
                        .append("   (")
                        .append(s.displayName())
                        .append(s.version() == null ? "" : " " + s.version())
                        .append(")");
            }
            throw new PreflightException(b.toString());
        }
        DetectedStack s = pick.get(0);
        return new Chosen(s, maintenance(stacks, s));
    }

    /** What a server runs, detected with the catalogue's stacks (as the login user, or as root with sudo). */
    public static Detection detect(List<Stack> stacks, RemoteShell shell, boolean sudo) throws EngineException {
        return new Detector(stacks).detect(new ShellProbe(shell, sudo));
    }

    /** How an application of this stack (e.g. a snapshot's) is stopped and started: its stack's, or the generic one. */
    public static Maintenance maintenance(List<Stack> stacks, String stackId) {
        return stacks.stream()
                .filter(x -> x.id().equals(stackId))
                .findFirst()
                .map(Stack::maintenance)
                .orElse(Maintenance.generic());
    }

    /** How a detected application is stopped and started: its stack's, or the generic compose one. */
    public static Maintenance maintenance(List<Stack> stacks, DetectedStack s) {
        return maintenance(stacks, s.stackId());
    }
}
