package dev.lifeboat.engine.remote;

import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link RemoteShell} contract over SSH ({@link SshjRemoteShell}), on the testbed's srv-a as root. */
@TestbedTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshjRemoteShellContractIT extends RemoteShellContractTest {
    private SshSession session;
    private SshjRemoteShell shell;

    SshjRemoteShellContractIT(Testbed testbed) {}

    @BeforeAll
    void login() throws Exception {
        session = TestbedHosts.root("srv-a", Files.createTempDirectory("lifeboat-shell-contract"));
        shell = new SshjRemoteShell(session);
    }

    @AfterAll
    void logout() {
        if (shell != null) {
            shell.close();
        }
        if (session != null) {
            session.close();
        }
    }

    @Override
    protected RemoteShell shell() {
        return shell;
    }
}
