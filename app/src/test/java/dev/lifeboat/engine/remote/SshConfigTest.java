package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.model.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
    private static final String CONFIG =
            """
            # comment
            Host prod prod-*
                HostName %h.example.org
                User deploy
                Port 2222
                IdentityFile ~/.ssh/prod_ed25519
                ProxyJump bastion
            Host bastion
                HostName 192.0.2.1
                User jump
            Host *.internal !secret.internal
                User internal
            Match host foo
                User never
            Host *
                User fallback
                IdentityFile %d/.ssh/id_%r
            """;

    private final SshConfig config = SshConfig.parse(CONFIG);

    @Test
    void firstValueWinsAndHostNameExpandsTheAlias() {
        SshConfig.HostSettings s = config.resolve("prod");
        assertEquals(Optional.of("prod.example.org"), s.hostName());
        assertEquals(Optional.of("deploy"), s.user());
        assertEquals(Optional.of(2222), s.port());
        assertEquals(List.of("bastion"), s.proxyJump());
        assertEquals(List.of("~/.ssh/prod_ed25519", "%d/.ssh/id_%r"), s.identityFiles());
    }

    @Test
    void negatedPatternExcludesAHost() {
        assertEquals(Optional.of("internal"), config.resolve("db.internal").user());
        assertEquals(Optional.of("fallback"), config.resolve("secret.internal").user());
    }

    @Test
    void matchBlocksAreIgnored() {
        assertEquals(Optional.of("fallback"), config.resolve("foo").user());
    }

    @Test
    void routeResolvesJumpHostsThroughTheConfigToo() {
        Path home = Path.of("/home/me");
        SshEndpoint.Route r = SshEndpoint.resolve(Target.parse("prod-web"), config, home, "me", null);
        assertEquals("prod-web.example.org", r.target().host());
        assertEquals(2222, r.target().port());
        assertEquals("deploy", r.target().user());
        assertEquals(
                Path.of("/home/me/.ssh/prod_ed25519"),
                r.target().identityFiles().get(0));
        assertEquals(
                Path.of("/home/me/.ssh/id_deploy"), r.target().identityFiles().get(1));
        assertEquals(1, r.jumps().size());
        assertEquals("192.0.2.1", r.jumps().get(0).host());
        assertEquals("jump", r.jumps().get(0).user());
    }

    @Test
    void userAndPortTypedByTheUserBeatTheConfig() {
        SshEndpoint.Route r = SshEndpoint.resolve(
                Target.parse("alice@prod:2200"), config, Path.of("/home/me"), "me", Path.of("/keys/k"));
        assertEquals("alice", r.target().user());
        assertEquals(2200, r.target().port());
        assertEquals(Path.of("/keys/k"), r.target().identityFiles().get(0));
    }

    @Test
    void unknownHostGetsTheDefaultsOnly() {
        SshEndpoint.Route r =
                SshEndpoint.resolve(Target.parse("10.0.0.5"), SshConfig.empty(), Path.of("/home/me"), "me", null);
        assertEquals("10.0.0.5", r.target().host());
        assertEquals(22, r.target().port());
        assertEquals("me", r.target().user());
        assertTrue(r.jumps().isEmpty());
    }

    @Test
    void includedFilesAreReadInPlaceInNameOrder(@TempDir Path ssh) throws Exception {
        Files.createDirectories(ssh.resolve("config.d"));
        Files.writeString(ssh.resolve("config.d/20-lab"), "Host lab\n  HostName lab.example.org\n  User second\n");
        Files.writeString(ssh.resolve("config.d/10-lab"), "Host lab\n  User first\n  Port 2222\n");
        Files.writeString(ssh.resolve("config"), "Include config.d/*\n\nHost *\n  User fallback\n");
        SshConfig config = SshConfig.load(ssh.resolve("config"), ssh);
        SshConfig.HostSettings lab = config.resolve("lab");
        assertEquals(Optional.of("first"), lab.user(), "10-lab comes first and the first value wins");
        assertEquals(Optional.of(2222), lab.port());
        assertEquals(Optional.of("lab.example.org"), lab.hostName());
        assertEquals(Optional.of("fallback"), config.resolve("other").user());
    }

    @Test
    void anIncludeLoopIsAClearError(@TempDir Path ssh) throws Exception {
        Files.writeString(ssh.resolve("config"), "Include config\n");
        var e = assertThrows(IOException.class, () -> SshConfig.load(ssh.resolve("config"), ssh));
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void linesAfterAnIncludeKeepTheirContextAndOrder(@TempDir Path ssh) throws Exception {
        // As OrbStack and similar tools set it up: an Include at the top, then the user's global settings.
        Files.writeString(ssh.resolve("orb"), "Host orb\n  HostName 127.0.0.1\n  User orbuser\n");
        Files.writeString(ssh.resolve("config"), "Include orb\nUser deploy\nIdentityFile ~/.ssh/deploy\n");
        SshConfig config = SshConfig.load(ssh.resolve("config"), ssh);
        assertEquals(Optional.of("deploy"), config.resolve("prod").user(), "the global User is not Host orb's");
        assertEquals(List.of("~/.ssh/deploy"), config.resolve("prod").identityFiles());
        assertEquals(Optional.of("orbuser"), config.resolve("orb").user(), "first value wins, in file order");
    }

    @Test
    void anIncludeInsideAHostBlockAppliesOnlyToThatHost(@TempDir Path ssh) throws Exception {
        Files.writeString(ssh.resolve("extra"), "User special\n");
        Files.writeString(ssh.resolve("config"), "Host lab\n  Include extra\nHost *\n  User other\n");
        SshConfig config = SshConfig.load(ssh.resolve("config"), ssh);
        assertEquals(Optional.of("special"), config.resolve("lab").user());
        assertEquals(Optional.of("other"), config.resolve("prod").user());
    }

    @Test
    void hiddenAndBinaryFilesDoNotBreakAnInclude(@TempDir Path ssh) throws Exception {
        Files.createDirectories(ssh.resolve("config.d"));
        Files.write(ssh.resolve("config.d/.lab.swp"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        Files.write(
                ssh.resolve("config.d/lab"), "Host lab\n  User me\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(ssh.resolve("config"), "Include config.d/*\n");
        assertEquals(
                Optional.of("me"),
                SshConfig.load(ssh.resolve("config"), ssh).resolve("lab").user());
    }
}
