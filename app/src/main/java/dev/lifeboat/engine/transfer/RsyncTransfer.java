package dev.lifeboat.engine.transfer;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.HostKeyInfo;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.remote.SshEndpoint;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies file trees between a server and this machine with the system rsync on both ends ({@code -aHAX
 * --numeric-ids}: owners, modes, hard links, ACLs, xattrs kept), carried by Lifeboat's own login so that there is one
 * login and one host-key check for everything:
 *
 * <ul>
 *   <li>{@link Carrier#SYSTEM_SSH} when the system {@code ssh} can repeat the login (key files without passphrase,
 *       or the agent; jump hosts too): a private ssh config and a known_hosts file written from the keys Lifeboat
 *       verified, AES-GCM preferred. The fastest carrier.
 *   <li>{@link Carrier#BRIDGE} otherwise (password, keyboard-interactive): rsync's remote shell is a launcher that
 *       asks the engine to run it through the remote shell ({@link RshBridge}).
 * </ul>
 *
 * The remote rsync runs as root when asked and the login is not root: {@code sudo -n rsync} when sudo needs no
 * password, else {@code sudo -k -A rsync} with a one-shot askpass helper (a 0700 script that prints a 0600 password
 * file in a private directory of the user's home, deletes it as it reads it; the directory is removed after the run)
 * since rsync's protocol owns the remote stdin.
 *
 * <p>Blocks the calling thread; honours the cancel token and interrupts (rsync and its carrier are killed). Progress
 * is reported on a background thread.
 */
public final class RsyncTransfer implements FileTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(RsyncTransfer.class);
    private static final String CIPHERS =
            "aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr";
    private static final int STDERR_KEEP_BYTES = 64 * 1024;
    private static final long POLL_MILLIS = 100;
    /** A line of {@code --itemize-changes}: {@code >f.st...... path}, {@code *deleting path}, ... */
    private static final java.util.regex.Pattern ITEMIZED =
            java.util.regex.Pattern.compile("^([<>ch.*][fdLDS][^ ]{9} |\\*deleting )");

    /**
     * A pull never copies a backup's frozen copy of a btrfs subvolume (ADR 0017: it holds the folders a second time,
     * and goes away while the copy runs), wherever a copied folder holds one.
     */
    static final String FROZEN_EXCLUDE = "--exclude=.lifeboat-frozen-*/";

    /** What carries rsync's connection. */
    public enum Carrier {
        SYSTEM_SSH,
        BRIDGE
    }

    /**
     * How to copy.
     *
     * @param asRoot run the remote rsync as root (needed for foreign owners and unreadable files)
     * @param linkDest a previous local copy to hard-link unchanged files to ({@code --link-dest}); null for none
     * @param carrier force a carrier; null to choose by login
     * @param serverWrapper words the server's rsync runs under (after sudo), e.g. the frozen view of ADR 0017; empty
     *     for none
     */
    public record Options(boolean asRoot, Path linkDest, Carrier carrier, List<String> serverWrapper) {
        public Options {
            serverWrapper = List.copyOf(serverWrapper);
        }

        public static Options defaults() {
            return new Options(false, null, null, List.of());
        }

        public Options withAsRoot(boolean root) {
            return new Options(root, linkDest, carrier, serverWrapper);
        }

        public Options withCarrier(Carrier c) {
            return new Options(asRoot, linkDest, c, serverWrapper);
        }

        public Options withLinkDest(Path dir) {
            return new Options(asRoot, dir, carrier, serverWrapper);
        }

        public Options withServerWrapper(List<String> words) {
            return new Options(asRoot, linkDest, carrier, words);
        }
    }

    /**
     * A finished copy.
     *
     * @param carrier what carried it
     * @param bytes bytes transferred according to the last progress report
     * @param filesTransferred files transferred according to the last progress report
     * @param elapsed how long it took
     */
    public record Result(Carrier carrier, long bytes, long filesTransferred, Duration elapsed) {}

    private final SshjRemoteShell shell;
    private final SshSession session;
    /** While prepared: a private folder with the ssh config and the control socket of one master connection. */
    private Path masterDir;

    private Process master;

    public RsyncTransfer(SshjRemoteShell shell) {
        this.shell = shell;
        this.session = shell.session();
    }

    @Override
    public String describe() {
        return defaultCarrier() == Carrier.SYSTEM_SSH
                ? "rsync over the system ssh (AES-GCM, one multiplexed connection)"
                : "rsync over Lifeboat's own SSH session";
    }

    /**
     * With the system ssh as carrier: logs in once now (an OpenSSH master connection) so that every copy after this
     * rides it and opens no new connection — none inside the downtime window. Idempotent.
     */
    @Override
    public synchronized void prepare() throws EngineException {
        if (master != null || defaultCarrier() != Carrier.SYSTEM_SSH) {
            return;
        }
        try {
            masterDir = Files.createTempDirectory(
                    "lifeboat-ssh-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path config = writeSshConfig(masterDir, masterDir.resolve("cm"));
            ProcessBuilder pb = new ProcessBuilder(
                    "ssh", "-F", config.toString(), "-M", "-N", "-o", "ControlMaster=yes", "lifeboat-target");
            pb.redirectErrorStream(true);
            pb.redirectOutput(masterDir.resolve("master.log").toFile());
            session.agentSocket().ifPresent(sock -> pb.environment().put("SSH_AUTH_SOCK", sock.toString()));
            master = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(masterDir.resolve("cm"))) {
                if (!master.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.exists(masterDir.resolve("master.log"))
                            ? Files.readString(masterDir.resolve("master.log")).strip()
                            : "";
                    close();
                    throw new EngineException("The system ssh could not log in to " + shell.describe()
                            + " for the file copy" + (log.isEmpty() ? "." : ": " + log));
                }
                Thread.sleep(50);
            }
            LOG.info("ssh master connection to {} up", shell.describe());
        } catch (IOException e) {
            close();
            throw new EngineException("Could not start the system ssh for the file copy: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted while connecting for the file copy.");
        }
    }

    @Override
    public synchronized void close() {
        if (master != null) {
            master.destroy();
            try {
                if (!master.waitFor(5, TimeUnit.SECONDS)) {
                    master.destroyForcibly();
                }
            } catch (InterruptedException e) {
                master.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            master = null;
        }
        if (masterDir != null) {
            deleteTree(masterDir);
            masterDir = null;
        }
    }

    @Override
    public FileTransfer.Result pullTrees(
            List<String> paths,
            List<String> excludes,
            Path filesDir,
            Path linkDest,
            boolean asRoot,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        return pullTrees(paths, excludes, filesDir, linkDest, asRoot, List.of(), progress, cancel);
    }

    @Override
    public FileTransfer.Result pullTrees(
            List<String> paths,
            List<String> excludes,
            Path filesDir,
            Path linkDest,
            boolean asRoot,
            List<String> serverWrapper,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        if (paths.isEmpty()) {
            return new FileTransfer.Result(0, 0, Duration.ZERO);
        }
        List<String> extra = new ArrayList<>(List.of("-R", "--fake-super", "--delete", "--stats", FROZEN_EXCLUDE));
        for (String x : excludes) {
            // Literal paths: rsync's wildcard characters in a name are escaped.
            extra.add("--exclude=" + x.replaceAll("([\\[\\]*?\\\\])", "\\\\$1"));
        }
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String p = paths.get(i).replaceAll("/+$", "");
            // -R keeps the full path; "/./" is not needed since the paths are absolute.
            sources.add((i == 0 ? "lifeboat-target:" : ":") + p);
        }
        try {
            Files.createDirectories(filesDir);
        } catch (IOException e) {
            throw new EngineException("Could not create " + filesDir + ": " + e.getMessage(), e);
        }
        Options o = Options.defaults().withAsRoot(asRoot).withLinkDest(linkDest).withServerWrapper(serverWrapper);
        Result r = copyRaw(sources, filesDir.toAbsolutePath() + "/", extra, o, progress, cancel);
        return new FileTransfer.Result(r.bytes(), r.filesTransferred(), r.elapsed());
    }

    @Override
    public boolean canPullListed() {
        return true;
    }

    @Override
    public boolean canWrapServer() {
        return true;
    }

    @Override
    public FileTransfer.Result pullListed(
            List<String> entries,
            List<String> excludes,
            Path filesDir,
            Path linkDest,
            boolean asRoot,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        return pullListed(entries, excludes, filesDir, linkDest, asRoot, List.of(), progress, cancel);
    }

    @Override
    public FileTransfer.Result pullListed(
            List<String> entries,
            List<String> excludes,
            Path filesDir,
            Path linkDest,
            boolean asRoot,
            List<String> serverWrapper,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        if (entries.isEmpty()) {
            return new FileTransfer.Result(0, 0, Duration.ZERO);
        }
        try {
            Files.createDirectories(filesDir);
        } catch (IOException e) {
            throw new EngineException("Could not create " + filesDir + ": " + e.getMessage(), e);
        }
        Options o = Options.defaults().withAsRoot(asRoot).withLinkDest(linkDest).withServerWrapper(serverWrapper);
        Result r = copyRaw(
                List.of("lifeboat-target:/"),
                filesDir.toAbsolutePath() + "/",
                listedArgs(excludes),
                o,
                progress,
                null,
                filesFrom(entries),
                cancel);
        return new FileTransfer.Result(r.bytes(), r.filesTransferred(), r.elapsed());
    }

    /**
     * rsync's options for {@link #pullListed} beside the common ones: the list on stdin, NUL-separated (implies
     * {@code -R}: each entry lands under its full path); {@code -d}: a {@code DIR/.} entry copies the directory's
     * own entries, and {@code --delete} deletes in it what the server no longer has.
     */
    public static List<String> listedArgs(List<String> excludes) {
        List<String> extra = new ArrayList<>(
                List.of("--files-from=-", "--from0", "-d", "--fake-super", "--delete", "--stats", FROZEN_EXCLUDE));
        for (String x : excludes) {
            extra.add("--exclude=" + x.replaceAll("([\\[\\]*?\\\\])", "\\\\$1"));
        }
        return extra;
    }

    /** The entries as {@code --files-from=- --from0} reads them: relative to {@code /}, each ended by a NUL. */
    public static byte[] filesFrom(List<String> entries) {
        StringBuilder b = new StringBuilder();
        for (String e : entries) {
            if (e.indexOf('\0') >= 0 || !e.startsWith("/")) {
                throw new IllegalArgumentException("not an absolute path: " + e);
            }
            b.append(e, 1, e.length()).append('\0');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public FileTransfer.Result pushTrees(
            Path filesDir,
            List<String> paths,
            List<String> excludes,
            String destRoot,
            boolean asRoot,
            Consumer<String> differences,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        if (paths.isEmpty()) {
            return new FileTransfer.Result(0, 0, Duration.ZERO);
        }
        // --fake-super on this side: owners, groups, modes and devices come from the store's xattrs; the server's
        // rsync runs as root and sets them (--numeric-ids: the ids, not names that may differ there).
        List<String> extra = new ArrayList<>(List.of("-R", "--fake-super", "--delete", "--stats", FROZEN_EXCLUDE));
        if (differences != null) {
            extra.addAll(List.of("-n", "-c", "-i"));
        }
        for (String x : excludes) {
            extra.add("--exclude=" + x.replaceAll("([\\[\\]*?\\\\])", "\\\\$1"));
        }
        List<String> sources = new ArrayList<>();
        for (String path : paths) {
            String p = path.replaceAll("/+$", "");
            // "/./": -R keeps the path from here on, so FILES/./opt/x lands in DEST/opt/x.
            sources.add(filesDir.toAbsolutePath() + "/." + p);
        }
        String root = destRoot.endsWith("/") ? destRoot : destRoot + "/";
        Options o = Options.defaults().withAsRoot(asRoot);
        Result r = copyRaw(sources, "lifeboat-target:" + root, extra, o, progress, differences, cancel);
        return new FileTransfer.Result(r.bytes(), r.filesTransferred(), r.elapsed());
    }

    /** The carrier that {@link Options#carrier()} null would choose for this session. */
    public Carrier defaultCarrier() {
        return session.systemSshCanLogIn() ? Carrier.SYSTEM_SSH : Carrier.BRIDGE;
    }

    /** Copies the remote directory {@code remoteDir} (its contents) into {@code localDir}. */
    public Result pull(
            String remoteDir, Path localDir, Options options, Consumer<TransferProgress> progress, CancelToken cancel)
            throws EngineException {
        return copy(true, remoteDir, localDir, options, progress, cancel);
    }

    /** Copies the contents of {@code localDir} into the remote directory {@code remoteDir}. */
    public Result push(
            Path localDir, String remoteDir, Options options, Consumer<TransferProgress> progress, CancelToken cancel)
            throws EngineException {
        return copy(false, remoteDir, localDir, options, progress, cancel);
    }

    private Result copy(
            boolean pull,
            String remoteDir,
            Path localDir,
            Options options,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        String remote = "lifeboat-target:" + (remoteDir.endsWith("/") ? remoteDir : remoteDir + "/");
        String local = localDir.toAbsolutePath() + "/";
        return pull
                ? copyRaw(List.of(remote), local, List.of(), options, progress, cancel)
                : copyRaw(List.of(local), remote, List.of(), options, progress, cancel);
    }

    /** Runs rsync from {@code sources} to {@code dest}; remote ones are {@code lifeboat-target:PATH}. */
    private Result copyRaw(
            List<String> sources,
            String dest,
            List<String> extraArgs,
            Options options,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        return copyRaw(sources, dest, extraArgs, options, progress, null, cancel);
    }

    private Result copyRaw(
            List<String> sources,
            String dest,
            List<String> extraArgs,
            Options options,
            Consumer<TransferProgress> progress,
            Consumer<String> itemized,
            CancelToken cancel)
            throws EngineException {
        return copyRaw(sources, dest, extraArgs, options, progress, itemized, null, cancel);
    }

    private Result copyRaw(
            List<String> sources,
            String dest,
            List<String> extraArgs,
            Options options,
            Consumer<TransferProgress> progress,
            Consumer<String> itemized,
            byte[] input,
            CancelToken cancel)
            throws EngineException {
        Carrier carrier = options.carrier() != null ? options.carrier() : defaultCarrier();
        Path work;
        try {
            work = Files.createTempDirectory(
                    "lifeboat-rsync-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new EngineException("Could not create a private temp directory: " + e.getMessage(), e);
        }
        String askpassDir = null;
        RshBridge bridge = null;
        try {
            List<String> cmd = new ArrayList<>(List.of(
                    "rsync", "-aHAX", "--numeric-ids", "-s", "--info=progress2", "--no-inc-recursive", "--partial"));
            if (options.linkDest() != null) {
                cmd.add("--link-dest=" + options.linkDest().toAbsolutePath());
            }
            String remoteHost;
            cmd.addAll(extraArgs);
            if (carrier == Carrier.SYSTEM_SSH) {
                Path config;
                synchronized (this) {
                    config = masterDir != null ? masterDir.resolve("ssh_config") : writeSshConfig(work, null);
                }
                cmd.add("-e");
                cmd.add("ssh -F " + config);
                remoteHost = "lifeboat-target";
            } else {
                bridge = new RshBridge(shell);
                cmd.add("-e");
                cmd.add(bridge.launcher().toString());
                remoteHost = "lifeboat-target";
            }
            // The server's rsync: under the wrapper if any (rsync-path is a command line for the server's shell).
            StringBuilder rsync = new StringBuilder();
            options.serverWrapper()
                    .forEach(w -> rsync.append(CommandSpec.quote(w)).append(' '));
            rsync.append("rsync");
            if (options.asRoot()) {
                Privileges p = shell.privileges();
                switch (p.sudo()) {
                    case NOT_NEEDED -> {
                        if (!options.serverWrapper().isEmpty()) {
                            cmd.add("--rsync-path=" + rsync);
                        }
                    }
                    case NO_PASSWORD -> cmd.add("--rsync-path=sudo -n " + rsync);
                    case PASSWORD -> {
                        askpassDir = createAskpass();
                        cmd.add("--rsync-path=SUDO_ASKPASS=" + CommandSpec.quote(askpassDir + "/askpass")
                                + " sudo -k -A " + rsync);
                    }
                    case UNAVAILABLE -> throw new EngineException(
                            shell.describe() + " has no sudo, so rsync cannot run as root there.");
                }
            } else if (!options.serverWrapper().isEmpty()) {
                cmd.add("--rsync-path=" + rsync);
            }
            cmd.addAll(sources);
            cmd.add(dest);
            return run(cmd, carrier, progress, itemized, input, cancel);
        } catch (IOException e) {
            throw new EngineException("Could not prepare rsync: " + e.getMessage(), e);
        } finally {
            if (bridge != null) {
                bridge.close();
            }
            if (askpassDir != null) {
                removeAskpass(askpassDir);
            }
            deleteTree(work);
        }
    }

    private Result run(
            List<String> cmd,
            Carrier carrier,
            Consumer<TransferProgress> progress,
            Consumer<String> itemized,
            byte[] input,
            CancelToken cancel)
            throws EngineException {
        LOG.info("rsync via {}: {}", carrier, String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        session.agentSocket().ifPresent(s -> pb.environment().put("SSH_AUTH_SOCK", s.toString()));
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new EngineException("Could not start rsync on this machine (is it installed?): " + e.getMessage(), e);
        }
        feed(p, input);
        AtomicReference<TransferProgress> last = new AtomicReference<>();
        long[] statBytes = {-1};
        long[] statFiles = {-1};
        RsyncProgressParser parser = new RsyncProgressParser(
                pr -> {
                    last.set(pr);
                    progress.accept(pr);
                },
                line -> {
                    LOG.info("rsync: {}", line);
                    stats(line, statBytes, statFiles);
                    if (itemized != null && ITEMIZED.matcher(line).find()) {
                        itemized.accept(line);
                    }
                });
        Thread out = drain(p.getInputStream(), parser::feed, "lifeboat-rsync-out");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errThread = drain(
                p.getErrorStream(),
                (b, off, len) -> {
                    synchronized (err) {
                        if (err.size() < STDERR_KEEP_BYTES) {
                            err.write(b, off, Math.min(len, STDERR_KEEP_BYTES - err.size()));
                        }
                    }
                },
                "lifeboat-rsync-err");
        try {
            while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (cancel.isCancelled()) {
                    kill(p);
                    throw new CancelledException("The copy was cancelled.");
                }
            }
            out.join();
            errThread.join();
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new CancelledException("The copy was interrupted.");
        }
        parser.finish();
        int code = p.exitValue();
        String stderr;
        synchronized (err) {
            stderr = err.toString(StandardCharsets.UTF_8).strip();
        }
        if (!stderr.isEmpty()) {
            LOG.info("rsync stderr: {}", stderr);
        }
        if (code != 0 && code != 24) {
            throw new RsyncException("rsync failed with status " + code + ": " + stderr, code);
        }
        TransferProgress lp = last.get();
        return new Result(
                carrier,
                statBytes[0] >= 0 ? statBytes[0] : lp == null ? 0 : lp.bytes(),
                statFiles[0] >= 0 ? statFiles[0] : lp == null ? 0 : lp.filesTransferred(),
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Picks the totals out of rsync's {@code --stats} lines. */
    static void stats(String line, long[] bytes, long[] files) {
        String l = line.strip();
        if (l.startsWith("Total transferred file size:")) {
            bytes[0] = number(l);
        } else if (l.startsWith("Number of regular files transferred:")) {
            files[0] = number(l);
        }
    }

    private static long number(String l) {
        String digits = l.substring(l.indexOf(':') + 1)
                .replaceAll("[^0-9 ]", "")
                .strip()
                .split(" ")[0];
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    /** Writes {@code input} to rsync's stdin from a thread of its own and closes it; null: stdin is left alone. */
    private static void feed(Process p, byte[] input) {
        if (input == null) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    try (var in = p.getOutputStream()) {
                        in.write(input);
                    } catch (IOException e) {
                        // rsync ended before it read the list; its exit status says why.
                        LOG.debug("writing rsync's file list: {}", e.getMessage());
                    }
                },
                "lifeboat-rsync-in");
        t.setDaemon(true);
        t.start();
    }

    private interface ByteConsumer {
        void accept(byte[] b, int off, int len);
    }

    private static Thread drain(InputStream in, ByteConsumer to, String name) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[8192];
                    try {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            to.accept(buf, 0, n);
                        }
                    } catch (IOException e) {
                        LOG.debug("{} ended: {}", name, e.getMessage());
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Kills rsync and its carrier and waits until they are gone, so that nothing writes to the store after this. */
    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle c : children) {
                c.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("rsync did not end within seconds of being killed");
        }
    }

    /** A private ssh config naming every hop, and a known_hosts with exactly the keys Lifeboat verified. */
    private Path writeSshConfig(Path work, Path controlPath) throws IOException {
        List<HostKeyInfo> keys = session.verifiedHostKeys();
        StringBuilder kh = new StringBuilder();
        for (HostKeyInfo k : keys) {
            kh.append(k.knownHostsLine()).append('\n');
        }
        Path knownHosts = work.resolve("known_hosts");
        Files.writeString(knownHosts, kh.toString());
        List<SshEndpoint> hops = new ArrayList<>(session.jumps());
        hops.add(session.target());
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < hops.size(); i++) {
            SshEndpoint h = hops.get(i);
            boolean target = i == hops.size() - 1;
            c.append("Host ")
                    .append(target ? "lifeboat-target" : "lifeboat-hop-" + i)
                    .append('\n');
            c.append("  HostName ").append(h.host()).append('\n');
            c.append("  Port ").append(h.port()).append('\n');
            c.append("  User ").append(h.user()).append('\n');
            List<Path> ids = new ArrayList<>(h.identityFiles());
            if (target && session.loginKeyFile().isPresent()) {
                ids.add(0, session.loginKeyFile().get());
            }
            for (Path id : ids) {
                c.append("  IdentityFile \"").append(id.toAbsolutePath()).append("\"\n");
            }
            if (i > 0) {
                c.append("  ProxyJump lifeboat-hop-").append(i - 1).append('\n');
            }
        }
        c.append("Host *\n")
                .append("  UserKnownHostsFile \"")
                .append(knownHosts)
                .append("\"\n")
                .append("  GlobalKnownHostsFile /dev/null\n")
                .append("  StrictHostKeyChecking yes\n")
                .append("  CheckHostIP no\n")
                .append("  BatchMode yes\n")
                .append("  ControlMaster no\n")
                .append("  ControlPath ")
                .append(controlPath == null ? "none" : "\"" + controlPath + "\"")
                .append('\n')
                .append("  Ciphers ")
                .append(CIPHERS)
                .append('\n')
                .append("  ServerAliveInterval 5\n")
                .append("  ServerAliveCountMax 3\n")
                .append("  LogLevel ERROR\n");
        Path config = work.resolve("ssh_config");
        Files.writeString(config, c.toString());
        return config;
    }

    /** Creates the one-shot askpass helper on the server; returns its directory. */
    private String createAskpass() throws EngineException {
        char[] pw = shell.sudoPasswordForHelpers();
        String script = "umask 077; d=$(mktemp -d \"$HOME/.lifeboat-askpass-XXXXXXXX\") || exit 1; "
                + "printf '%s\\n' \"$LB_SUDO_PASSWORD\" > \"$d/pw\"; "
                + "printf '#!/bin/sh\\ncat \"%s/pw\"\\nrm -f \"%s/pw\"\\n' \"$d\" \"$d\" > \"$d/askpass\"; "
                + "chmod 700 \"$d/askpass\"; echo \"$d\"";
        CommandSpec spec = CommandSpec.write("sh", "-c", script).withSecret("LB_SUDO_PASSWORD", new String(pw));
        java.util.Arrays.fill(pw, '\0');
        RemoteShell.Captured c = shell.capture(spec).orThrow(spec);
        return c.stdout().strip();
    }

    private void removeAskpass(String dir) {
        try {
            shell.capture(CommandSpec.write("rm", "-rf", dir));
        } catch (EngineException e) {
            LOG.warn("Could not remove the askpass helper {} on {}: {}", dir, shell.describe(), e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.debug("removing {}: {}", dir, e.getMessage());
        }
    }
}
