package dev.lifeboat.engine.remote;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal client of the ssh-agent protocol (draft-miller-ssh-agent): list identities and sign, over the unix socket
 * named by {@code SSH_AUTH_SOCK}. sshj has no agent support of its own. One socket connection per request, so an
 * instance is thread-safe.
 */
final class SshAgent {
    private static final Logger LOG = LoggerFactory.getLogger(SshAgent.class);
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    static final int RSA_SHA2_256 = 2;
    static final int RSA_SHA2_512 = 4;
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;

    /** A key the agent holds: its public key blob and the comment it was added with. */
    record Identity(byte[] blob, String comment) {
        String keyType() {
            ByteBuffer b = ByteBuffer.wrap(blob);
            byte[] t = new byte[b.getInt()];
            b.get(t);
            return new String(t, StandardCharsets.US_ASCII);
        }
    }

    private final Path socket;

    SshAgent(Path socket) {
        this.socket = socket;
    }

    /**
     * The agent of {@code SSH_AUTH_SOCK} (or of the system property {@code lifeboat.ssh.authSock}, which wins, so
     * that tests can point at their own agent), when that names an existing socket.
     */
    static Optional<SshAgent> fromEnvironment() {
        return socketPath().map(SshAgent::new);
    }

    static Optional<Path> socketPath() {
        String s = System.getProperty("lifeboat.ssh.authSock", System.getenv("SSH_AUTH_SOCK"));
        if (s == null || s.isBlank() || !Files.exists(Path.of(s))) {
            return Optional.empty();
        }
        return Optional.of(Path.of(s));
    }

    /** The agent's keys; empty (and logged) when the agent does not answer. */
    List<Identity> identitiesOrEmpty() {
        try {
            return identities();
        } catch (IOException e) {
            LOG.warn("The ssh-agent at {} did not answer: {}", socket, e.getMessage());
            return List.of();
        }
    }

    List<Identity> identities() throws IOException {
        ByteBuffer answer = request(new byte[] {REQUEST_IDENTITIES});
        if (answer.get() != IDENTITIES_ANSWER) {
            throw new IOException("unexpected answer to REQUEST_IDENTITIES");
        }
        int n = answer.getInt();
        List<Identity> ids = new ArrayList<>();
        for (int i = 0; i < n && i < 1000; i++) {
            byte[] blob = string(answer);
            ids.add(new Identity(blob, new String(string(answer), StandardCharsets.UTF_8)));
        }
        return ids;
    }

    /** Signs {@code data} with a key of the agent; returns the SSH signature blob (string alg, string sig). */
    byte[] sign(Identity id, byte[] data, int flags) throws IOException {
        ByteBuffer req = ByteBuffer.allocate(1 + 4 + id.blob().length + 4 + data.length + 4);
        req.put(SIGN_REQUEST);
        req.putInt(id.blob().length).put(id.blob());
        req.putInt(data.length).put(data);
        req.putInt(flags);
        ByteBuffer answer = request(req.array());
        byte type = answer.get();
        if (type != SIGN_RESPONSE) {
            throw new IOException("the ssh-agent refused to sign (answer " + type + ")");
        }
        return string(answer);
    }

    private ByteBuffer request(byte[] message) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(4 + message.length);
            out.putInt(message.length).put(message).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteBuffer len = readFully(ch, 4);
            int n = len.getInt();
            if (n <= 0 || n > MAX_MESSAGE_BYTES) {
                throw new IOException("bad ssh-agent message length " + n);
            }
            return readFully(ch, n);
        }
    }

    private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("the ssh-agent closed the connection");
            }
        }
        return b.flip();
    }

    private static byte[] string(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return s;
    }
}
