package dev.lifeboat.engine.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one server's host key against an OpenSSH known_hosts file (hashed and plain entries, {@code [host]:port}),
 * as OpenSSH does: a listed key passes; a different key of a listed type is refused (changed); an unlisted key is
 * refused unless its fingerprint was accepted ahead of time, and is then appended to the file as a hashed entry.
 * It never asks anyone: sshj calls it on its reader thread while the handshake runs against a timeout, so the caller
 * asks the person after the refusal and connects again with the confirmed fingerprint (see {@link SshSession}). One
 * instance per connection attempt; it remembers the outcome so that the caller can throw the right exception after
 * sshj's generic failure.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsVerifier.class);

    enum Outcome {
        NOT_CHECKED,
        KNOWN,
        ACCEPTED_NEW,
        UNKNOWN_REFUSED,
        CHANGED
    }

    private final Path file;
    private final String connectHost;
    private final int connectPort;
    private final Set<String> acceptedFingerprints;
    private Outcome outcome = Outcome.NOT_CHECKED;
    private HostKeyInfo presented;

    KnownHostsVerifier(Path file, String connectHost, int connectPort, Set<String> acceptedFingerprints)
            throws IOException {
        super(file.toFile());
        this.file = file;
        this.connectHost = connectHost;
        this.connectPort = connectPort;
        this.acceptedFingerprints = acceptedFingerprints;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        presented = describe(connectHost, connectPort, key);
        boolean ok = super.verify(connectHost, connectPort, key);
        if (ok && outcome == Outcome.NOT_CHECKED) {
            outcome = Outcome.KNOWN;
        }
        return ok;
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        HostKeyInfo info = describe(connectHost, connectPort, key);
        if (!acceptedFingerprints.contains(info.fingerprint())) {
            outcome = Outcome.UNKNOWN_REFUSED;
            return false;
        }
        try {
            append(info);
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("Could not remember the host key of {} in {}", info.displayHost(), file, e);
        }
        outcome = Outcome.ACCEPTED_NEW;
        return true;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        outcome = Outcome.CHANGED;
        return false;
    }

    Outcome outcome() {
        return outcome;
    }

    /** The key the server presented, or null when the handshake did not get that far. */
    HostKeyInfo presented() {
        return presented;
    }

    Path file() {
        return file;
    }

    static HostKeyInfo describe(String host, int port, PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        return new HostKeyInfo(
                host,
                port,
                KeyType.fromKey(key).toString(),
                fingerprint(blob),
                Base64.getEncoder().encodeToString(blob));
    }

    /** OpenSSH's {@code SHA256:<base64 without padding>} fingerprint of a key blob. */
    static String fingerprint(byte[] blob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private void append(HostKeyInfo info) throws IOException, GeneralSecurityException {
        byte[] salt = new byte[20];
        new SecureRandom().nextBytes(salt);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal(info.knownHostsName().getBytes(StandardCharsets.UTF_8));
        Base64.Encoder b64 = Base64.getEncoder();
        String line = "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash) + " " + info.keyType() + " "
                + info.publicKeyBase64() + "\n";
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        boolean needsNewline = Files.isRegularFile(file) && Files.size(file) > 0 && !endsWithNewline(file);
        Files.writeString(
                file,
                (needsNewline ? "\n" : "") + line,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        LOG.info("Remembered host key {} {} of {} in {}", info.keyType(), info.fingerprint(), info.displayHost(), file);
    }

    private static boolean endsWithNewline(Path f) throws IOException {
        byte[] all = Files.readAllBytes(f);
        return all.length == 0 || all[all.length - 1] == '\n';
    }
}
