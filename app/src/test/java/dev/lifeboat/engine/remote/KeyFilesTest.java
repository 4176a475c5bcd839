package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.LocalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key kind loads and signs with the crypto providers {@link SshSession} sets up (the JDK's first, BouncyCastle
 * only for what the JDK lacks).
 */
class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void ed25519EcdsaAndRsaKeysInOpenSshAndPemFormsLoadAndSign() throws Exception {
        String keygen = LocalTools.require("ssh-keygen", "openssh-client").toString();
        Class.forName(SshSession.class.getName()); // runs the provider set-up
        record Kind(String type, String bits, String format, String passphrase, String algorithm) {}
        List<Kind> kinds = List.of(
                new Kind("ed25519", "256", "RFC4716", "", "Ed25519"),
                new Kind("ed25519", "256", "RFC4716", "secret words", "Ed25519"),
                new Kind("ecdsa", "256", "RFC4716", "", "SHA256withECDSA"),
                new Kind("ecdsa", "384", "PEM", "", "SHA384withECDSA"),
                new Kind("rsa", "2048", "PEM", "", "SHA256withRSA"),
                new Kind("rsa", "3072", "RFC4716", "pw", "SHA256withRSA"));
        try (SSHClient client = new SSHClient()) {
            for (Kind k : kinds) {
                Path key = dir.resolve(
                        k.type() + k.bits() + k.format() + k.passphrase().length());
                Process p = new ProcessBuilder(
                                keygen,
                                "-q",
                                "-t",
                                k.type(),
                                "-b",
                                k.bits(),
                                "-m",
                                k.format(),
                                "-N",
                                k.passphrase(),
                                "-f",
                                key.toString())
                        .redirectErrorStream(true)
                        .start();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue());
                KeyProvider kp = k.passphrase().isEmpty()
                        ? client.loadKeys(key.toString())
                        : client.loadKeys(
                                key.toString(),
                                PasswordUtils.createOneOff(k.passphrase().toCharArray()));
                byte[] data = "lifeboat".getBytes(StandardCharsets.UTF_8);
                Signature signer = Signature.getInstance(k.algorithm().equals("Ed25519") ? "Ed25519" : k.algorithm());
                signer.initSign(kp.getPrivate());
                signer.update(data);
                byte[] sig = signer.sign();
                Signature verifier = Signature.getInstance(k.algorithm().equals("Ed25519") ? "Ed25519" : k.algorithm());
                verifier.initVerify(kp.getPublic());
                verifier.update(data);
                assertTrue(verifier.verify(sig), k.toString());
            }
        }
    }
}
