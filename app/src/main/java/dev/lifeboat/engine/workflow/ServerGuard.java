package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.RemoteShell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's lock and watchdog on the server: one small shell process, started before anything changes, that outlives
 * the SSH session. It holds an {@code flock} on the application's lock file (so one run at a time per application,
 * and a run that died releases it by itself), and it watches a deadline that the run pushes forward every few
 * seconds. When the deadline passes — Lifeboat crashed, or the connection dropped — it starts every container the
 * run had stopped (recorded in its folder just before each stop), in reverse stop order, then exits.
 *
 * <p>Files in its folder ({@code /var/tmp/lifeboat/PROJECT} as root, else {@code ~/.lifeboat/PROJECT}): {@code lock},
 * {@code owner} (which run), {@code deadline} (epoch seconds), {@code stopped} (container ids), {@code released},
 * {@code guard.log} (what it did). All commands are built here as values and run through the shell.
 */
public final class ServerGuard {
    /** How long the server waits for word from Lifeboat before it starts the containers itself. */
    public static final int DEADLINE_SECONDS = 30;

    private static final String ARM =
            """
            d="$1"; t="$2"
            mkdir -p "$d" && chmod 700 "$d" || exit 1
            exec 9>>"$d/lock"
            if ! flock -w 3 9; then
              echo LOCKED; cat "$d/owner" 2>/dev/null
              echo "deadline in $(( $(cat "$d/deadline" 2>/dev/null || echo 0) - $(date +%s) )) s"
              exit 0
            fi
            printf '%s\\n' "$3" > "$d/owner"; : > "$d/stopped"; rm -f "$d/released"
            echo $(( $(date +%s) + t )) > "$d/deadline"
            setsid sh -c '
              d="$1"
              while :; do
                [ -f "$d/released" ] && exit 0
                dl=$(cat "$d/deadline" 2>/dev/null || echo 0)
                if [ "$(date +%s)" -gt "$dl" ]; then
                  if [ -s "$d/stopped" ]; then
                    echo "$(date -u +%FT%TZ) no word from Lifeboat since the deadline: starting the stopped containers" >> "$d/guard.log"
                    tac "$d/stopped" | xargs docker start >> "$d/guard.log" 2>&1
                  fi
                  rm -f "$d/owner"
                  exit 0
                fi
                sleep 1
              done' lifeboat-guard "$d" </dev/null >/dev/null 2>&1 &
            echo "ARMED $!"
            """;

    private final RemoteShell shell;
    private final String dir;
    private final boolean asRoot;

    private ServerGuard(RemoteShell shell, String dir, boolean asRoot) {
        this.shell = shell;
        this.dir = dir;
        this.asRoot = asRoot;
    }

    /** The guard for one compose project; its folder depends on whether the login can become root. */
    public static ServerGuard forProject(RemoteShell shell, String project) throws EngineException {
        Privileges p = shell.privileges();
        boolean root = p.root() || p.sudo() == Privileges.Sudo.NO_PASSWORD || p.sudo() == Privileges.Sudo.PASSWORD;
        String safe = project.replaceAll("[^A-Za-z0-9._-]", "_");
        String base = root ? "/var/tmp/lifeboat" : "/home/" + p.user() + "/.lifeboat";
        return new ServerGuard(shell, base + "/" + safe, root);
    }

    public String dir() {
        return dir;
    }

    private CommandSpec spec(boolean mutating, String script, String... args) {
        List<String> a = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        a.addAll(List.of(args));
        CommandSpec s = new CommandSpec(a, Map.of(), mutating, false, Optional.of(Duration.ofSeconds(60)));
        return asRoot ? s.asRoot() : s;
    }

    /** The command that takes the lock and starts the watchdog. */
    public CommandSpec armSpec(String owner) {
        return spec(true, ARM, dir, Integer.toString(DEADLINE_SECONDS), owner.replace('\n', ' '));
    }

    /**
     * Takes the lock and starts the watchdog.
     *
     * @throws ServerLockedException when another run holds the lock (its owner and deadline are in the message)
     */
    public void arm(String owner) throws EngineException {
        CommandSpec s = armSpec(owner);
        RemoteShell.Captured c = shell.capture(s).orThrow(s);
        String out = c.stdout().strip();
        if (out.startsWith("LOCKED")) {
            String info = out.substring("LOCKED".length()).strip().replace('\n', ';');
            throw new ServerLockedException("Another Lifeboat run holds this application's lock on "
                    + shell.describe() + " (" + info + "). If that run died, the server's guard starts what it had"
                    + " stopped and frees the lock within " + DEADLINE_SECONDS
                    + " s of its last word; try again then.");
        }
        if (!out.startsWith("ARMED") && !c.result().dryRun()) {
            throw new EngineException("Could not start Lifeboat's guard on " + shell.describe() + ": "
                    + (c.stderr().isBlank() ? out : c.stderr().strip())
                    + " (it needs sh, flock, setsid and tac, as on every Debian or Ubuntu server).");
        }
    }

    /** Pushes the deadline {@link #DEADLINE_SECONDS} into the future. */
    public void extend() throws EngineException {
        CommandSpec s =
                spec(true, "echo $(( $(date +%s) + $2 )) > \"$1/deadline\"", dir, Integer.toString(DEADLINE_SECONDS));
        shell.run(s, null, OutputSink.DISCARD, CancelToken.NONE);
    }

    /** The exact command that stops a container: it is recorded for the watchdog first, then stopped. */
    public CommandSpec stopSpec(ContainerState c, int graceSeconds) {
        CommandSpec s = new CommandSpec(
                List.of(
                        "sh",
                        "-c",
                        "echo \"$2\" >> \"$1/stopped\" && exec docker stop -t \"$3\" \"$2\"",
                        "sh",
                        dir,
                        c.id(),
                        Integer.toString(graceSeconds)),
                Map.of(),
                true,
                false,
                Optional.of(Duration.ofSeconds(graceSeconds + 60L)));
        return asRoot ? s.asRoot() : s;
    }

    /** Tells the watchdog that nothing is left for it to start (the run started everything itself). */
    public void disarm() throws EngineException {
        CommandSpec s = spec(true, ": > \"$1/stopped\"", dir);
        shell.capture(s).orThrow(s);
    }

    /** Ends the watchdog and frees the lock. */
    public void release() throws EngineException {
        CommandSpec s = spec(true, ": > \"$1/stopped\"; touch \"$1/released\"", dir);
        shell.capture(s).orThrow(s);
    }
}
