package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.Target;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.ChallengeResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in SSH connection to a server, possibly through jump hosts: the single door through which the engine
 * reaches that server (commands, the Docker socket, rsync). Host keys are checked against known_hosts on every hop;
 * keep-alives notice a dead connection within seconds; a broken connection is re-established on the next use with
 * the credentials already given.
 *
 * <p>Threading: thread-safe; channels may be opened from several threads at once. Always {@link #close()}.
 */
public final class SshSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshSession.class);
    private static final int PASSPHRASE_TRIES = 3;

    static {
        // sshj would otherwise run every cipher in BouncyCastle's pure-Java code; the JDK's own provider uses AES
        // hardware instructions: the rsync bridge went from ~40 to ~105 MB/s here. JVM-wide, so done once, before
        // the first SSHClient.
        // BouncyCastle is added last, so that it only serves what the JDK lacks (sshj's "ECDSA" key factory).
        SecurityUtils.setRegisterBouncyCastle(false);
        SecurityUtils.setSecurityProvider(null);
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    /** How the login to the target succeeded; decides which rsync carrier can be used. */
    private final SshEndpoint.Route route;

    private final SshOptions options;
    private final Prompter prompter;
    private final List<SSHClient> clients = new ArrayList<>();
    private final List<HostKeyInfo> verifiedKeys = new CopyOnWriteArrayList<>();
    private final Object passwordLock = new Object(); // sshj's reader thread asks for it while connect() holds this
    private char[] password; // the login password once given, for reconnects and sudo; guarded by passwordLock
    private volatile boolean reconnecting; // connecting again after a lost connection (its errors say so)
    private SshOptions.LoginMethod login;
    private Path loginKeyFile;
    private volatile boolean passphraseUsed;
    private boolean closed; // guarded by this

    private SshSession(SshEndpoint.Route route, SshOptions options, Prompter prompter) {
        this.route = route;
        this.options = options;
        this.prompter = prompter;
    }

    /**
     * Connects and logs in now, resolving the target through the ssh config of {@code options}.
     *
     * @throws HostKeyException when a host key is unknown and not confirmed, or has changed
     * @throws AuthenticationException when no login method worked
     * @throws ConnectFailedException when the server could not be reached
     */
    public static SshSession open(Target target, SshOptions options, Prompter prompter) throws EngineException {
        SshConfig config;
        try {
            config = options.sshConfigFile() == null ? SshConfig.empty() : SshConfig.load(options.sshConfigFile());
        } catch (IOException | RuntimeException e) {
            throw new EngineException(
                    "Could not read the ssh config " + options.sshConfigFile() + ": " + e.getMessage()
                            + ". Fix it (on the command line, --ssh-config none connects without it).",
                    e);
        }
        SshEndpoint.Route route = SshEndpoint.resolve(
                target,
                config,
                Path.of(System.getProperty("user.home")),
                System.getProperty("user.name"),
                options.keyFile());
        return open(route, options, prompter);
    }

    /** Connects and logs in along an already resolved route. Errors as {@link #open(Target, SshOptions, Prompter)}. */
    public static SshSession open(SshEndpoint.Route route, SshOptions options, Prompter prompter)
            throws EngineException {
        SshSession s = new SshSession(route, options, prompter);
        s.connect();
        return s;
    }

    /** The server this session logs in to. */
    public SshEndpoint target() {
        return route.target();
    }

    /** The jump hosts passed through, in order; empty for a direct connection. */
    public List<SshEndpoint> jumps() {
        return route.jumps();
    }

    /** The host keys verified on this connection: one per jump host, then the target's. */
    public List<HostKeyInfo> verifiedHostKeys() {
        return List.copyOf(verifiedKeys);
    }

    /** How the target login succeeded. */
    public synchronized SshOptions.LoginMethod login() {
        return login;
    }

    /** The key file that logged in, when {@link #login()} is {@link SshOptions.LoginMethod#KEY_FILE}. */
    public synchronized Optional<Path> loginKeyFile() {
        return Optional.ofNullable(loginKeyFile);
    }

    /**
     * Whether the system {@code ssh} client could repeat every login of this session by itself (key files without
     * passphrase, or the agent), so that it may carry rsync.
     */
    public boolean systemSshCanLogIn() {
        synchronized (passwordLock) {
            if (password != null) {
                return false;
            }
        }
        return !passphraseUsed
                && (login() == SshOptions.LoginMethod.KEY_FILE || login() == SshOptions.LoginMethod.AGENT);
    }

    /** The ssh-agent socket this session would use, if any. */
    public Optional<Path> agentSocket() {
        return SshAgent.socketPath();
    }

    /** The login password, if one was given (a copy the caller must wipe); used to try it for sudo. */
    Optional<char[]> loginPassword() {
        synchronized (passwordLock) {
            return password == null ? Optional.empty() : Optional.of(password.clone());
        }
    }

    Prompter prompter() {
        return prompter;
    }

    /** Whether the connection is up and logged in right now (no round trip). */
    public synchronized boolean isConnected() {
        SSHClient c = clients.isEmpty() ? null : clients.get(clients.size() - 1);
        return c != null && c.isConnected() && c.isAuthenticated();
    }

    /**
     * Starts a remote process with a raw command line (already quoted for the remote shell). Reconnects first if the
     * connection broke. Prefer {@link RemoteShell}, which builds the line from a {@link CommandSpec}; this is for
     * callers that receive a ready line, such as rsync's remote shell.
     */
    public SshChannel exec(String commandLine) throws EngineException {
        SSHClient c = client();
        try {
            Session session = c.startSession();
            try {
                return new SshChannel(session, session.exec(commandLine));
            } catch (IOException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (IOException e) {
            throw channelFailure("start a command", e);
        }
    }

    /** Forces a new connection on next use (e.g. after a test cut the old one). */
    public synchronized void disconnect() {
        closeClients();
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeClients();
        synchronized (passwordLock) {
            if (password != null) {
                Arrays.fill(password, '\0');
                password = null;
            }
        }
    }

    private synchronized SSHClient client() throws EngineException {
        if (closed) {
            // Never log in again behind the back of whoever closed it (e.g. a late cancel on an old session).
            throw new ConnectionLostException("The connection to " + target().display() + " was closed.", null);
        }
        if (!isConnected()) {
            if (!clients.isEmpty()) {
                LOG.info("Connection to {} was lost; reconnecting", target().display());
                reconnecting = true;
            }
            closeClients();
            connect();
            reconnecting = false;
        }
        return clients.get(clients.size() - 1);
    }

    private EngineException channelFailure(String what, IOException e) {
        // Right after the socket went, the client may still count itself connected for a moment: an error that says
        // the socket is gone is the lost connection, not a command's own failure.
        if (!isConnected() || socketGone(e)) {
            return new ConnectionLostException(
                    "The connection to " + target().display() + " was lost while trying to " + what + ".", e);
        }
        return new EngineException("Could not " + what + " on " + target().display() + ": " + e.getMessage(), e);
    }

    /** Whether an error (or one of its causes) says the connection's socket is gone. */
    static boolean socketGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException) {
                return true;
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (m.contains("socket closed") || m.contains("broken pipe") || m.contains("connection reset")) {
                return true;
            }
        }
        return false;
    }

    private synchronized void connect() throws EngineException {
        verifiedKeys.clear();
        List<SshEndpoint> hops = new ArrayList<>(route.jumps());
        hops.add(route.target());
        SSHClient previous = null;
        try {
            for (int i = 0; i < hops.size(); i++) {
                SshEndpoint hop = hops.get(i);
                SSHClient c;
                try {
                    c = connectHop(hop, previous, Set.of());
                } catch (HostKeyUnknownException e) {
                    // Asked here, with no handshake waiting on the answer (sshj's would time out after 30 s while a
                    // person compares fingerprints), then connected again trusting exactly the key confirmed.
                    if (!prompter.confirmUnknownHostKey(e.key())) {
                        throw e;
                    }
                    c = connectHop(hop, previous, Set.of(e.key().fingerprint()));
                }
                authenticate(c, hop, i == hops.size() - 1);
                previous = c;
            }
        } catch (EngineException e) {
            closeClients();
            throw e;
        }
    }

    /** A new client connected to one hop (not logged in yet), trusting also {@code confirmed} fingerprints. */
    private SSHClient connectHop(SshEndpoint hop, SSHClient via, Set<String> confirmed) throws EngineException {
        SSHClient c = newClient();
        clients.add(c);
        KnownHostsVerifier verifier = verifier(hop, confirmed);
        c.addHostKeyVerifier(verifier);
        // sshj starts the keep-alive thread on connect only if an interval is set by then.
        configureKeepAlive(c);
        try {
            connectHop(c, hop, via, verifier);
        } catch (EngineException e) {
            clients.remove(c);
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    private KnownHostsVerifier verifier(SshEndpoint hop, Set<String> confirmed) throws EngineException {
        Set<String> accepted = new java.util.HashSet<>(options.acceptedFingerprints());
        accepted.addAll(confirmed);
        try {
            return new KnownHostsVerifier(options.knownHostsFile(), hop.host(), hop.port(), accepted);
        } catch (IOException e) {
            throw new EngineException("Could not read the known hosts file " + options.knownHostsFile(), e);
        }
    }

    private SSHClient newClient() {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        // AES-GCM first: clearly faster than chacha20 on these CPUs (TESTBED.md); the server still picks from the list.
        List<Factory.Named<Cipher>> ciphers = new ArrayList<>(config.getCipherFactories());
        ciphers.sort((a, b) -> Integer.compare(cipherRank(a.getName()), cipherRank(b.getName())));
        config.setCipherFactories(ciphers);
        SSHClient c = new SSHClient(config);
        c.setConnectTimeout((int) options.connectTimeout().toMillis());
        return c;
    }

    private static int cipherRank(String name) {
        if (name.startsWith("aes128-gcm")) {
            return 0;
        }
        if (name.startsWith("aes256-gcm")) {
            return 1;
        }
        return 2;
    }

    private void connectHop(SSHClient c, SshEndpoint hop, SSHClient via, KnownHostsVerifier verifier)
            throws EngineException {
        String where = hop.host() + ":" + hop.port();
        // sshj reads the server's banner with no time limit (the socket has none while it waits): a port that
        // accepts and then says nothing would hang here forever. The watchdog closes the connection when the whole
        // handshake (TCP, banner, key exchange) has not finished in time, which ends the blocked read.
        AtomicBoolean timedOut = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        DirectConnection[] tunnel = new DirectConnection[1];
        Runnable[] fire = new Runnable[1];
        fire[0] = () -> {
            if (done.get()) {
                return;
            }
            timedOut.set(true);
            java.net.Socket socket = c.getSocket();
            try {
                if (tunnel[0] != null) {
                    tunnel[0].close();
                } else if (socket != null && socket.isConnected()) {
                    socket.close();
                } else {
                    // Still in the TCP connect, which has its own timeout; look again shortly.
                    WATCHDOG.schedule(fire[0], 200, TimeUnit.MILLISECONDS);
                    return;
                }
                LOG.warn("No SSH handshake with {} within {} s; connection closed", where, handshakeSeconds());
            } catch (IOException e) {
                LOG.debug("closing the connection to {}: {}", where, e.getMessage());
            }
        };
        ScheduledFuture<?> watchdog =
                WATCHDOG.schedule(fire[0], options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            if (via == null) {
                c.connect(hop.host(), hop.port());
            } else {
                tunnel[0] = via.newDirectConnection(hop.host(), hop.port());
                c.connectVia(tunnel[0]);
            }
            done.set(true);
            watchdog.cancel(false);
            if (timedOut.get()) {
                throw new SocketTimeoutException("handshake timed out");
            }
            verifiedKeys.add(verifier.presented());
        } catch (IOException e) {
            done.set(true);
            watchdog.cancel(false);
            if (timedOut.get()) {
                throw new ConnectTimeoutException(
                        reconnecting
                                ? "The connection to " + where + " was lost, and a new one did not complete its SSH"
                                        + " handshake within " + handshakeSeconds() + " s (is the network or the"
                                        + " server down?)."
                                : where + " accepted the connection but did not complete the SSH handshake within "
                                        + handshakeSeconds() + " s (is it an SSH server?).",
                        e);
            }
            connectFailed(e, where, hop, verifier);
        }
    }

    private long handshakeSeconds() {
        return Math.max(1, options.connectTimeout().toSeconds());
    }

    private void connectFailed(IOException ioe, String where, SshEndpoint hop, KnownHostsVerifier verifier)
            throws EngineException {
        try {
            throw ioe;
        } catch (TransportException e) {
            switch (verifier.outcome()) {
                case CHANGED -> throw new HostKeyChangedException(
                        verifier.presented(), verifier.file().toString());
                case UNKNOWN_REFUSED -> throw new HostKeyUnknownException(verifier.presented());
                default -> throw new ConnectionRefusedException(
                        "The SSH handshake with " + where + " failed: " + e.getMessage(), e);
            }
        } catch (OpenFailException e) {
            throw new ConnectionRefusedException(
                    "The jump host could not reach " + where + " (" + e.getMessage() + ").", e);
        } catch (ConnectException e) {
            throw new ConnectionRefusedException(
                    "Nothing answers on " + where + ": the SSH server is not running there or the port is wrong.", e);
        } catch (SocketTimeoutException e) {
            throw new ConnectTimeoutException(
                    reconnecting
                            ? "The connection to " + where + " was lost, and it did not answer a new one within "
                                    + options.connectTimeout().toSeconds() + " s (is the network or the server down?)."
                            : where + " did not answer within "
                                    + options.connectTimeout().toSeconds() + " s.",
                    e);
        } catch (UnknownHostException e) {
            throw new HostUnreachableException("The host name " + hop.host() + " is unknown.", e);
        } catch (NoRouteToHostException e) {
            throw new HostUnreachableException("There is no route to " + where + ".", e);
        } catch (IOException e) {
            throw new HostUnreachableException("Could not connect to " + where + ": " + e.getMessage(), e);
        }
    }

    /** One daemon thread for every session's handshake watchdog; its tasks only close sockets. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lifeboat-ssh-handshake-watchdog");
        t.setDaemon(true);
        return t;
    });

    private void configureKeepAlive(SSHClient c) {
        KeepAlive ka = c.getConnection().getKeepAlive();
        if (ka instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(options.keepAliveMaxMissed());
        }
        ka.setKeepAliveInterval((int) Math.max(1, options.keepAliveInterval().toSeconds()));
    }

    private void authenticate(SSHClient c, SshEndpoint hop, boolean isTarget) throws EngineException {
        List<String> tried = new ArrayList<>();
        List<AuthMethod> methods = new ArrayList<>();
        List<Runnable> onSuccess = new ArrayList<>();
        SshOptions.LoginMethod[] winner = new SshOptions.LoginMethod[1];
        Path[] winnerKey = new Path[1];
        String userAtHost = hop.display();

        if (options.methods().contains(SshOptions.LoginMethod.KEY_FILE)) {
            for (Path key : keyFiles(hop)) {
                KeyProvider kp;
                try {
                    kp = c.loadKeys(key.toString(), passphraseFinder(key));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Skipping key file {}: {}", key, e.getMessage());
                    continue;
                }
                methods.add(new AuthPublickey(kp) {
                    @Override
                    public void request() throws UserAuthException, TransportException {
                        tried.add("key " + key);
                        winner[0] = SshOptions.LoginMethod.KEY_FILE;
                        winnerKey[0] = key;
                        super.request();
                    }
                });
            }
        }
        if (options.methods().contains(SshOptions.LoginMethod.AGENT)) {
            Optional<SshAgent> agent = SshAgent.fromEnvironment();
            if (agent.isPresent()) {
                for (SshAgent.Identity id : agent.get().identitiesOrEmpty()) {
                    methods.add(new AgentAuth(agent.get(), id) {
                        @Override
                        public void request() throws UserAuthException, TransportException {
                            tried.add("ssh-agent key " + id.comment());
                            winner[0] = SshOptions.LoginMethod.AGENT;
                            winnerKey[0] = null;
                            super.request();
                        }
                    });
                }
            }
        }
        if (options.methods().contains(SshOptions.LoginMethod.PASSWORD)) {
            methods.add(new AuthPassword(passwordFinder(userAtHost, "Password for " + userAtHost)) {
                @Override
                public void request() throws UserAuthException, TransportException {
                    tried.add("password");
                    winner[0] = SshOptions.LoginMethod.PASSWORD;
                    winnerKey[0] = null;
                    super.request();
                }
            });
        }
        if (options.methods().contains(SshOptions.LoginMethod.KEYBOARD_INTERACTIVE)) {
            methods.add(new AuthKeyboardInteractive(challengeResponder(userAtHost)) {
                @Override
                public void request() throws UserAuthException, TransportException {
                    tried.add("keyboard-interactive");
                    winner[0] = SshOptions.LoginMethod.KEYBOARD_INTERACTIVE;
                    winnerKey[0] = null;
                    super.request();
                }
            });
        }
        try {
            c.auth(hop.user(), methods);
        } catch (UserAuthException e) {
            forgetPasswordIfTried(tried);
            throw new AuthenticationException(userAtHost, dedupe(tried), e);
        } catch (TransportException e) {
            throw new ConnectionLostException(
                    "The connection to " + hop.host() + " broke during login: " + e.getMessage(), e);
        }
        if (isTarget) {
            login = winner[0];
            loginKeyFile = winnerKey[0];
        }
        onSuccess.forEach(Runnable::run);
        LOG.info("Logged in to {} by {}", userAtHost, winner[0]);
    }

    private void forgetPasswordIfTried(List<String> tried) {
        synchronized (passwordLock) {
            if (password != null && (tried.contains("password") || tried.contains("keyboard-interactive"))) {
                Arrays.fill(password, '\0');
                password = null;
            }
        }
    }

    private static List<String> dedupe(List<String> tried) {
        return tried.stream().distinct().toList();
    }

    private static List<Path> keyFiles(SshEndpoint hop) {
        List<Path> keys = new ArrayList<>(hop.identityFiles());
        if (keys.isEmpty()) {
            Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
            for (String n : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                if (Files.isRegularFile(ssh.resolve(n))) {
                    keys.add(ssh.resolve(n));
                }
            }
        }
        return keys.stream().filter(Files::isRegularFile).toList();
    }

    private PasswordFinder passphraseFinder(Path key) {
        return new PasswordFinder() {
            private int asked;

            @Override
            public char[] reqPassword(Resource<?> resource) {
                asked++;
                passphraseUsed = true;
                return prompter.passphrase(key).orElse(null);
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return asked < PASSPHRASE_TRIES;
            }
        };
    }

    private PasswordFinder passwordFinder(String userAtHost, String prompt) {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                return passwordFor(userAtHost, prompt);
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }

    private char[] passwordFor(String userAtHost, String prompt) {
        synchronized (passwordLock) {
            if (password == null) {
                password = prompter.password(userAtHost, prompt).orElse(null);
            }
            return password == null ? null : password.clone();
        }
    }

    private ChallengeResponseProvider challengeResponder(String userAtHost) {
        return new ChallengeResponseProvider() {
            @Override
            public List<String> getSubmethods() {
                return List.of();
            }

            @Override
            public void init(Resource resource, String name, String instruction) {}

            @Override
            public char[] getResponse(String prompt, boolean echo) {
                if (Prompter.isPasswordPrompt(prompt)) {
                    return passwordFor(userAtHost, prompt.strip());
                }
                return prompter.password(userAtHost, prompt.strip()).orElse(null);
            }

            @Override
            public boolean shouldRetry() {
                return false;
            }
        };
    }

    private static void closeQuietly(SSHClient c) {
        try {
            c.disconnect();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Disconnect failed", e);
        }
    }

    private void closeClients() {
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).disconnect();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Disconnect from hop {} failed", i, e);
            }
        }
        clients.clear();
    }
}
