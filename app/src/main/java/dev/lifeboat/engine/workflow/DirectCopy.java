package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.HostKeyInfo;
import dev.lifeboat.engine.remote.LineSink;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.remote.SshSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A migration's pre-copy from server to server, while the old server still runs (ADR 0007): the bulk of the files
 * then never crosses the admin's own line twice, and the restore's later copy from the local snapshot finds them in
 * place and sends only what changed.
 *
 * <p>For the length of the copy, the old server gets a key of its own (made there with {@code ssh-keygen}, never
 * leaving it) and the new server's host key as Lifeboat verified it; the new server's login accepts that key with
 * {@code restrict} (no pty, no forwarding), and from the old server's address alone once a first login has shown
 * which it is. Both are removed afterwards, whatever happens. When the old
 * server cannot reach the new one (another network, a jump host, a non-root login there), nothing is copied and the
 * reason is returned: the migration goes on through the local machine, as it would without this step.
 */
public final class DirectCopy {
    /**
     * The new server as the old one should reach it.
     *
     * @param shell the session to it that Lifeboat holds
     * @param host its address as Lifeboat reached it (the ssh config's HostName resolved)
     * @param knownHosts its verified host key, as known_hosts lines
     */
    public record To(RemoteShell shell, String host, int port, String user, List<String> knownHosts) {
        /** The new server as this session reached it, with the host key it verified. */
        public static To of(SshSession session, RemoteShell shell) {
            List<String> keys = new ArrayList<>();
            List<HostKeyInfo> verified = session.verifiedHostKeys();
            if (!verified.isEmpty()) {
                HostKeyInfo k = verified.get(verified.size() - 1);
                String name = session.target().port() == 22
                        ? session.target().host()
                        : "[" + session.target().host() + "]:"
                                + session.target().port();
                keys.add(name + " " + k.keyType() + " " + k.publicKeyBase64());
            }
            return new To(
                    shell,
                    session.target().host(),
                    session.target().port(),
                    session.target().user(),
                    keys);
        }
    }

    private static final String SSH_OPTIONS =
            "-o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes"
                    + " -o ServerAliveInterval=5 -o ServerAliveCountMax=6";

    private final RemoteShell source;
    private final To to;
    private final ProgressListener listener;
    private final String tag = "lifeboat-direct-" + UUID.randomUUID();

    DirectCopy(RemoteShell source, To to, ProgressListener listener) {
        this.source = source;
        this.to = to;
        this.listener = listener;
    }

    /** Copies {@code roots} (without {@code excludes}) to the same paths there; null when done, else why not. */
    String copy(List<String> roots, List<String> excludes, CancelToken cancel) throws EngineException {
        if (roots.isEmpty()) {
            return "there are no folders to copy";
        }
        if (!to.shell().privileges().root()) {
            return "the new server's login is not root, and the copy must set the files' owners there";
        }
        if (to.knownHosts().isEmpty()) {
            return "the new server's host key is not known";
        }
        Privileges p = source.privileges();
        boolean asRoot = !p.root();
        if (asRoot && p.sudo() == Privileges.Sudo.UNAVAILABLE) {
            return "the old server's login cannot become root to read every file";
        }
        String dir = null;
        boolean keyAdded = false;
        try {
            // 1. a key and the new server's host key on the old server, in a folder only its owner can read
            String made = source.capture(spec(
                            "command -v ssh >/dev/null && command -v ssh-keygen >/dev/null"
                                    + " && command -v rsync >/dev/null || { echo 'NO tools'; exit 0; }"
                                    + " && d=$(mktemp -d /tmp/lifeboat-direct.XXXXXX) && chmod 700 \"$d\""
                                    + " && ssh-keygen -q -t ed25519 -N '' -C \"$1\" -f \"$d/key\""
                                    + " && shift && printf '%s\\n' \"$@\" > \"$d/known_hosts\""
                                    + " && echo \"DIR $d\" && cat \"$d/key.pub\"",
                            args(tag, to.knownHosts()), asRoot))
                    .stdout();
            if (made.contains("NO tools")) {
                return "the old server lacks ssh, ssh-keygen or rsync";
            }
            List<String> lines = made.lines().toList();
            if (lines.size() < 2 || !lines.get(0).startsWith("DIR /tmp/lifeboat-direct.")) {
                return "could not make a key on the old server";
            }
            dir = lines.get(0).substring(4).strip();
            String publicKey = lines.get(1).strip();

            // 2. the new server's login accepts it, restricted, until step 5
            CommandSpec add = spec(
                    "umask 077 && mkdir -p \"$HOME/.ssh\" && printf 'restrict %s\\n' \"$1\""
                            + " >> \"$HOME/.ssh/authorized_keys\"",
                    List.of(publicKey), false);
            to.shell().capture(add).orThrow(add);
            keyAdded = true;

            // 3. can the old server reach the new one?
            String ssh = "ssh -i " + dir + "/key -o UserKnownHostsFile=" + dir + "/known_hosts " + SSH_OPTIONS + " -p "
                    + to.port();
            // The new server says from which address the old one came; the key is then accepted from there alone.
            RemoteShell.Captured reach = source.capture(spec(
                    ssh + " -l \"$1\" \"$2\" 'echo \"LIFEBOAT-FROM ${SSH_CLIENT%% *}\"' 2>&1 | tail -n 2",
                    List.of(to.user(), to.host()),
                    asRoot));
            String said = reach.stdout().strip();
            String from = said.startsWith("LIFEBOAT-FROM ") ? said.substring(14).strip() : "";
            if (!from.matches("[0-9A-Fa-f:.]+")) {
                return source.describe() + " cannot reach " + to.user() + "@" + to.host() + ":" + to.port() + " ("
                        + said.replace('\n', ' ') + ")";
            }
            CommandSpec narrow = spec(
                    "f=\"$HOME/.ssh/authorized_keys\"; grep -v -F -- \"$1\" \"$f\" > \"$f.lifeboat\";"
                            + " printf 'restrict,from=\"%s\" %s\\n' \"$2\" \"$3\" >> \"$f.lifeboat\";"
                            + " cat \"$f.lifeboat\" > \"$f\"; rm -f \"$f.lifeboat\"",
                    List.of(tag, from, publicKey), false);
            to.shell().capture(narrow).orThrow(narrow);

            // 4. the copy, the old server's rsync talking to the new one's
            List<String> a =
                    new ArrayList<>(List.of("rsync", "-aHAXR", "--numeric-ids", "--delete", "--stats", "-e", ssh));
            for (String x : excludes) {
                a.add("--exclude=" + x.replaceAll("([\\[\\]*?\\\\])", "\\\\$1"));
            }
            roots.forEach(r -> a.add(r.replaceAll("/+$", "")));
            a.add(to.user() + "@" + to.host() + ":/");
            CommandSpec rsync = new CommandSpec(a, Map.of(), true, false, Optional.empty());
            if (asRoot) {
                rsync = rsync.asRoot();
            }
            var r = source.run(
                    rsync,
                    null,
                    new LineSink() {
                        @Override
                        protected void line(Stream stream, String line) {
                            log(line);
                        }
                    },
                    cancel);
            if (r.exitStatus() != 0 && r.exitStatus() != 24) { // 24: files vanished while copying, as on a live site
                return "rsync from " + source.describe() + " ended with exit " + r.exitStatus();
            }
            return null;
        } finally {
            // 5. nothing of it stays: the key leaves the new server's login, the folder the old server
            if (keyAdded) {
                try {
                    to.shell()
                            .capture(spec(
                                    "f=\"$HOME/.ssh/authorized_keys\"; grep -v -F -- \"$1\" \"$f\" > \"$f.lifeboat\";"
                                            + " cat \"$f.lifeboat\" > \"$f\"; rm -f \"$f.lifeboat\"",
                                    List.of(tag),
                                    false));
                } catch (EngineException e) {
                    warn("Could not take Lifeboat's temporary key out of "
                            + to.shell().describe()
                            + "'s ~/.ssh/authorized_keys (the line ending in " + tag + "): remove it by hand ("
                            + e.getMessage() + ").");
                }
            }
            if (dir != null) {
                try {
                    source.capture(spec("rm -rf -- \"$1\"", List.of(dir), asRoot));
                } catch (EngineException e) {
                    warn("Could not remove " + dir + " on " + source.describe() + ": remove it by hand ("
                            + e.getMessage() + ").");
                }
            }
        }
    }

    private static List<String> args(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static CommandSpec spec(String script, List<String> args, boolean asRoot) {
        List<String> all = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        all.addAll(args);
        CommandSpec s = new CommandSpec(all, Map.of(), true, false, Optional.of(Duration.ofSeconds(60)));
        return asRoot ? s.asRoot() : s;
    }

    private void log(String line) {
        listener.on(new WorkflowEvent.LogLine(Instant.now(), "step:direct", line));
    }

    private void warn(String what) {
        listener.on(new WorkflowEvent.Warning(Instant.now(), what));
    }
}
