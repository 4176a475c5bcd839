package dev.lifeboat.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link FileTransfer} contract for rsync over the system ssh: root on srv-a by key. */
@TestbedTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RsyncSystemSshContractIT extends FileTransferContractTest {
    private SshSession session;
    private SshjRemoteShell shell;
    private RsyncTransfer transfer;

    RsyncSystemSshContractIT(Testbed testbed) {}

    @BeforeAll
    void login() throws Exception {
        session = TestbedHosts.root("srv-a", Files.createTempDirectory("lifeboat-ft-ssh"));
        shell = new SshjRemoteShell(session);
        transfer = new RsyncTransfer(shell);
        assertEquals(RsyncTransfer.Carrier.SYSTEM_SSH, transfer.defaultCarrier());
        transfer.prepare();
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
        return "/srv/lifeboat-ft-ssh";
    }
}
