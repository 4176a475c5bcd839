package dev.lifeboat.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.FakePrompter;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.remote.SshEndpoint;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link FileTransfer} contract for rsync over Lifeboat's own SSH session (the bridge): a password-only login on
 * srv-b, which the system ssh cannot repeat, running rsync as root through sudo with the login password.
 */
@TestbedTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RsyncBridgeContractIT extends FileTransferContractTest {
    private final FakePrompter prompter = FakePrompter.withPassword(TestbedHosts.password("pwuser"));
    private SshSession session;
    private SshjRemoteShell shell;
    private RsyncTransfer transfer;

    RsyncBridgeContractIT(Testbed testbed) {}

    @BeforeAll
    void login() throws Exception {
        session = SshSession.open(
                new SshEndpoint.Route(List.of(), TestbedHosts.endpoint("srv-b", "pwuser")),
                TestbedHosts.options(
                        TestbedHosts.knownHosts(Files.createTempDirectory("lifeboat-ft-bridge")),
                        SshOptions.LoginMethod.PASSWORD),
                prompter);
        shell = new SshjRemoteShell(session);
        transfer = new RsyncTransfer(shell);
        assertEquals(RsyncTransfer.Carrier.BRIDGE, transfer.defaultCarrier());
    }

    @Test
    void theSudoHelperGoesAfterEachCopyAndTheLoginPasswordIsAskedOnceForLoginAndSudo() throws Exception {
        java.nio.file.Path files = dir.resolve("helper/files");
        transfer.pullTrees(List.of("/etc/hostname"), List.of(), files, null, true, p -> {}, CancelToken.NONE);
        assertEquals(
                "",
                shell.capture(CommandSpec.read("sh", "-c", "ls -d $HOME/.lifeboat-askpass-* 2>/dev/null || true"))
                        .stdout()
                        .strip(),
                "askpass helper removed");
        assertEquals(1, prompter.asked.size(), "asked the login password once, reused for sudo");
    }

    @AfterAll
    void logout() {
        transfer.close();
        shell.close();
        session.close();
    }

    @Override
    protected FileTransfer transfer() {
        return transfer;
    }

    @Override
    protected RemoteShell server() {
        return shell;
    }

    @Override
    protected String base() {
        return "/srv/lifeboat-ft-bridge";
    }
}
