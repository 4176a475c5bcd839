package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.remote.HostKeyInfo;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.remote.SshOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SshConnectOptionsTest {
    @TempDir
    Path dir;

    private static SshConnectOptions parse(String... args) {
        DetectCommand cmd = new DetectCommand(null);
        new CommandLine(cmd).parseArgs(args);
        return cmd.ssh;
    }

    @Test
    void optionsBecomeSshOptions() {
        SshOptions o = parse(
                        "-i",
                        "/k/id",
                        "--accept-host-key",
                        "SHA256:abc",
                        "--known-hosts",
                        "/kh",
                        "--ssh-config",
                        "none",
                        "host")
                .toSshOptions(SshOptions.defaults());
        assertEquals(Path.of("/k/id"), o.keyFile());
        assertEquals(Set.of("SHA256:abc"), o.acceptedFingerprints());
        assertEquals(Path.of("/kh"), o.knownHostsFile());
        assertNull(o.sshConfigFile(), "'none' means no ssh config");
    }

    @Test
    void thePasswordFileAnswersLoginAndSudoAndBatchAsksNothingElse() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\nignored\n");
        Prompter p = parse("--batch", "--password-file", pw.toString(), "host")
                .prompter(new PrintWriter(new StringWriter()));
        assertArrayEquals("s3cret".toCharArray(), p.password("a@h", "Password:").orElseThrow());
        assertArrayEquals("s3cret".toCharArray(), p.sudoPassword("a@h").orElseThrow());
        assertTrue(p.passphrase(Path.of("/k")).isEmpty(), "batch: no terminal to ask on");
        assertTrue(p.password("a@h", "Verification code:").isEmpty(), "a one-time code is never the password file's");
        assertFalse(p.confirmUnknownHostKey(new HostKeyInfo("h", 22, "ssh-ed25519", "SHA256:x", "AAAA")));
    }

    @Test
    void aMissingPasswordFileIsAClearError() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.lifeboat.engine.EngineException.class, () -> parse(
                        "--password-file", dir.resolve("nope").toString(), "host")
                .prompter(new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("password file"), e.getMessage());
    }
}
