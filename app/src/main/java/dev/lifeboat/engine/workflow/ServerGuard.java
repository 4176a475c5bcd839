package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.LifeboatVersion;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.steps.Guard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's lock and watchdog on the server: one small shell process, started before anything changes, that outlives
 * the SSH session. It holds an {@code flock} on the application's lock file (one run at a time per application; a run
 * that died frees it by itself) and watches a deadline that the run pushes forward every few seconds. When the
 * deadline passes — Lifeboat crashed, the laptop slept, the connection dropped — it starts every container the run had
 * stopped (each is recorded just before its stop), in reverse stop order, writes {@code fired}, and exits.
 *
 * <p>Every run has its own token: only the run that armed the guard can push its deadline, record a stop or release
 * it, so a refused or late run never disarms another's. Folder: {@code /run/lifeboat/PROJECT} as root (root-owned
 * all the way, checked before use), else {@code ~/.lifeboat/run/PROJECT}. Files: {@code lock}, {@code owner} (token,
 * then who), {@code pid}, {@code deadline} (epoch seconds, replaced atomically), {@code stopped} (container ids),
 * {@code released} (the token of the run that released it), {@code fired}, {@code guard.log}.
 *
 * <p>Not thread-safe apart from {@link #extend()}, which the heartbeat calls.
 */
public final class ServerGuard implements Guard {
    private static final Logger LOG = LoggerFactory.getLogger(ServerGuard.class);

    /** How long the server waits for word from Lifeboat before it starts the containers itself. */
    public static final int DEADLINE_SECONDS = 30;

    /** Exit status of a guard command when the guard is no longer this run's (it fired, or another run holds it). */
    static final int NOT_OURS = 3;

    /** Makes sure the folder is ours (no planted folder or link), then {@code cd}s into it; $1 = base, $2 = project. */
    private static final String ENTER =
            """
            b="${1:-$HOME/.lifeboat-run}"; p="$2"
            for x in "$b" "$b/$p"; do
              [ -L "$x" ] && { echo "refusing $x: a symbolic link" >&2; exit 4; }
              [ -d "$x" ] || mkdir -m 700 "$x" || exit 4
              [ -O "$x" ] || { echo "refusing $x: not owned by $(id -un)" >&2; exit 4; }
            done
            chmod 700 "$b/$p"; d="$b/$p"
            ours() { [ "$(head -n 1 "$d/owner" 2>/dev/null)" = "$3" ]; }
            """;

    private static final String ARM = ENTER
            + """
            exec 9>>"$d/lock"
            if ! flock -w 3 9; then
              echo LOCKED; sed -n 2p "$d/owner" 2>/dev/null
              echo "deadline in $(( $(cat "$d/deadline" 2>/dev/null || echo 0) - $(date +%s) )) s"
              exit 0
            fi
            printf '%s\\n%s\\n' "$3" "$4" > "$d/owner"; : > "$d/stopped"; rm -f "$d/released" "$d/fired"
            echo $(( $(date +%s) + $5 )) > "$d/deadline"
            setsid sh -c '
              d="$1"; t="$2"
              while :; do
                [ "$(cat "$d/released" 2>/dev/null)" = "$t" ] && exit 0
                dl=$(cat "$d/deadline" 2>/dev/null); case "$dl" in ""|*[!0-9]*) dl=0 ;; esac
                if [ "$(date +%s)" -gt "$dl" ]; then
                  echo "$t" > "$d/fired"
                  if [ -s "$d/stopped" ]; then
                    echo "$(date -u +%FT%TZ) no word from Lifeboat since the deadline: starting the stopped containers" >> "$d/guard.log"
                    tac "$d/stopped" | xargs docker start >> "$d/guard.log" 2>&1
                  fi
                  : > "$d/stopped"; rm -f "$d/owner"
                  exit 0
                fi
                sleep 1
              done' lifeboat-guard "$d" "$3" </dev/null >/dev/null 2>&1 &
            echo $! > "$d/pid"
            echo "ARMED $!"
            """;

    private static final String EXTEND = ENTER
            + """
            ours "$@" && [ ! -e "$d/fired" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null || exit 3
            echo $(( $(date +%s) + $4 )) > "$d/deadline.new" && mv -f "$d/deadline.new" "$d/deadline"
            """;

    private static final String STOP = ENTER
            + """
            ours "$@" && [ ! -e "$d/fired" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null || { echo "Lifeboat's guard on this server is not running any more" >&2; exit 3; }
            echo "$4" >> "$d/stopped" && exec docker stop -t "$5" "$4"
            """;

    private static final String DISARM =
            ENTER + """
            ours "$@" || exit 3
            : > "$d/stopped"
            """;

    /**
     * Fires the guard of a run that died on this computer: its deadline set to 0 when the lock's owner is still the
     * one named ($4) and its watchdog runs; the watchdog then starts what that run stopped and frees the lock.
     */
    private static final String FIRE = ENTER
            + """
            [ "$(sed -n 2p "$d/owner" 2>/dev/null)" = "$4" ] && kill -0 "$(cat "$d/pid" 2>/dev/null)" 2>/dev/null || exit 3
            echo 0 > "$d/deadline.new" && mv -f "$d/deadline.new" "$d/deadline"
            """;

    private static final String RELEASE = ENTER
            + """
            [ -e "$d/fired" ] && echo FIRED
            ours "$@" || exit 0
            : > "$d/stopped"; echo "$3" > "$d/released"
            """;

    private final RemoteShell shell;
    private final String base;
    private final String project;
    private final boolean asRoot;
    private final String token = UUID.randomUUID().toString();
    private boolean armed;
    private boolean released;
    private volatile boolean stops;

    private ServerGuard(RemoteShell shell, String base, String project, boolean asRoot) {
        this.shell = shell;
        this.base = base;
        this.project = project;
        this.asRoot = asRoot;
    }

    /** The guard for one compose project; its folder depends on whether the login can become root. */
    public static ServerGuard forProject(RemoteShell shell, String project) throws EngineException {
        Privileges p = shell.privileges();
        boolean root = p.root() || p.sudo() == Privileges.Sudo.NO_PASSWORD || p.sudo() == Privileges.Sudo.PASSWORD;
        String safe = project.replaceAll("[^A-Za-z0-9._-]", "_");
        // Empty: the script takes ~/.lifeboat-run of the login.
        String base = root ? "/run/lifeboat" : "";
        return new ServerGuard(shell, base, safe, root);
    }

    /** The folder on the server. */
    public String dir() {
        return (base.isEmpty() ? "~/.lifeboat-run" : base) + "/" + project;
    }

    private CommandSpec spec(String script, String... more) {
        List<String> a = new ArrayList<>(List.of("sh", "-c", script, "sh", base, project, token));
        a.addAll(List.of(more));
        CommandSpec s = new CommandSpec(a, Map.of(), true, false, Optional.of(Duration.ofSeconds(60)));
        return asRoot ? s.asRoot() : s;
    }

    /**
     * Takes the lock and starts the watchdog. When the run that holds the lock died on this computer (its process is
     * gone: killed, crashed, the window closed hard), its guard is fired now instead of at its deadline: it starts
     * what that run had stopped, as it would have, and frees the lock, and this run takes it.
     *
     * @return what the run should say: empty, or that an earlier run's guard was fired
     * @throws ServerLockedException when another run holds the lock (its owner and deadline are in the message)
     */
    public String arm(String owner) throws EngineException {
        String fired = "";
        long giveUp = 0;
        while (true) {
            CommandSpec s = spec(ARM, owner.replace('\n', ' '), Integer.toString(DEADLINE_SECONDS));
            RemoteShell.Captured c = shell.capture(s).orThrow(s);
            String out = c.stdout().strip();
            if (out.startsWith("ARMED")) {
                armed = true;
                return fired;
            }
            if (!out.startsWith("LOCKED")) {
                throw new EngineException("Could not start Lifeboat's guard on " + shell.describe() + ": "
                        + (c.stderr().isBlank() ? out : c.stderr().strip())
                        + " (it needs sh, flock, setsid and tac, as on every Debian or Ubuntu server).");
            }
            List<String> lines = out.lines().toList();
            String holder = lines.size() > 1 ? lines.get(1).strip() : "";
            String info = out.substring("LOCKED".length()).strip().replace('\n', ';');
            ServerLockedException locked = new ServerLockedException("Another Lifeboat run holds this application's"
                    + " lock on " + shell.describe() + " (" + info + "). If that run died, the server's guard starts"
                    + " what it had stopped and frees the lock within " + DEADLINE_SECONDS
                    + " s of its last word; try again then.");
            if (giveUp == 0 && diedHere(holder, machine(), ServerGuard::ranSince)) {
                CommandResult r = shell.run(spec(FIRE, holder), null, OutputSink.DISCARD, CancelToken.NONE);
                if (r.exitStatus() != 0) {
                    throw locked;
                }
                LOG.info("fired the guard of a run that died on this computer: {}", holder);
                fired = "An earlier run on this computer died without freeing the lock (" + holder + "): its guard on "
                        + shell.describe() + " started what it had stopped, and this run took the lock.";
                giveUp = System.nanoTime() + TAKEOVER_WAIT.toNanos();
            } else if (giveUp == 0 || System.nanoTime() > giveUp) {
                throw locked;
            }
        }
    }

    /** How long a run waits for the guard it fired to start what was stopped and free the lock. */
    static final Duration TAKEOVER_WAIT = Duration.ofSeconds(90);

    private static final java.util.regex.Pattern HOLDER =
            java.util.regex.Pattern.compile("pid (\\d+) on .* \\(machine ([0-9a-f]+)\\) since (\\S+)$");

    /**
     * Whether the lock's holder (its owner line) was a run of this computer ({@code machine}) whose process is gone:
     * no process has its pid any more, or the one that has it started after that run did (the pid was reused).
     *
     * @param ranSince whether a process with this pid runs and started no later than the instant
     */
    static boolean diedHere(String holder, String machine, java.util.function.BiPredicate<Long, Instant> ranSince) {
        java.util.regex.Matcher m = HOLDER.matcher(holder);
        if (machine.isEmpty() || !m.find() || !m.group(2).equals(machine)) {
            return false;
        }
        try {
            return !ranSince.test(Long.parseLong(m.group(1)), Instant.parse(m.group(3)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean ranSince(long pid, Instant since) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                // The start the JDK reads is the boot time (whole seconds) plus the process's start: a margin.
                .map(p -> p.info()
                        .startInstant()
                        .map(t -> !t.isAfter(since.plusSeconds(10)))
                        .orElse(true))
                .orElse(false);
    }

    /**
     * This computer and this user, as the lock's owner line names them: a hash of the machine id and the user's name
     * (never the id itself, which is private), or empty where there is none (then no dead run is recognised, and a
     * lock waits out its deadline). The user is in it because another user's processes may be hidden from this one
     * ({@code hidepid}): only a run of the same user on the same computer can be seen to be gone.
     */
    static String machine() {
        return Machine.ID;
    }

    /** {@link #machine()}, read and hashed once per process (the machine id and the user do not change). */
    private static final class Machine {
        static final String ID = read();
    }

    private static String read() {
        for (String f : List.of("/etc/machine-id", "/var/lib/dbus/machine-id")) {
            try {
                String id =
                        java.nio.file.Files.readString(java.nio.file.Path.of(f)).strip();
                if (!id.isEmpty()) {
                    byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                            .digest(("lifeboat lock owner " + id + " " + System.getProperty("user.name", ""))
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    return java.util.HexFormat.of().formatHex(h, 0, 6);
                }
            } catch (java.io.IOException | java.security.NoSuchAlgorithmException | RuntimeException e) {
                // the next, or none
            }
        }
        return "";
    }

    /**
     * Pushes the deadline {@link #DEADLINE_SECONDS} into the future.
     *
     * @return false when the guard is no longer this run's: it fired (the containers were started behind the run's
     *     back) or is gone
     */
    @Override
    public boolean extend() throws EngineException {
        if (!armed || released) {
            return true;
        }
        CommandResult r =
                shell.run(spec(EXTEND, Integer.toString(DEADLINE_SECONDS)), null, OutputSink.DISCARD, CancelToken.NONE);
        return r.exitStatus() != NOT_OURS;
    }

    /** Who holds a lock, for the message another run gets: this process, host and start time. */
    public static String owner(String what, Instant started) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "this computer";
        }
        String machine = machine();
        return "lifeboat " + LifeboatVersion.get() + " " + what + ", pid "
                + ProcessHandle.current().pid() + " on " + host
                + (machine.isEmpty() ? "" : " (machine " + machine + ")")
                + " since " + started;
    }

    /** The exact command that stops a container: refused unless this run's guard runs; recorded, then stopped. */
    public CommandSpec stopSpec(ContainerState c, int graceSeconds) {
        stops = true;
        return spec(STOP, c.id(), Integer.toString(graceSeconds)).withTimeout(Duration.ofSeconds(graceSeconds + 60L));
    }

    /** Tells the watchdog that nothing is left for it to start (the run started everything itself). */
    public void disarm() throws EngineException {
        if (armed && !released) {
            shell.capture(spec(DISARM));
            stops = false;
        }
    }

    /**
     * Ends this run's watchdog and frees the lock. Does nothing unless this run armed it, and only once.
     *
     * @return true when the guard had fired (it started containers because the run was silent too long)
     */
    @Override
    public boolean release() throws EngineException {
        if (!armed || released) {
            return false;
        }
        CommandSpec s = spec(RELEASE);
        RemoteShell.Captured c = shell.capture(s).orThrow(s);
        released = true;
        return c.stdout().contains("FIRED");
    }

    /** Whether this run armed the guard and has not released it. */
    @Override
    public boolean holding() {
        return armed && !released;
    }

    @Override
    public boolean startsWhatWasStopped() {
        return stops;
    }

    @Override
    public String describe() {
        return shell.describe() + " (" + dir() + ")";
    }
}
