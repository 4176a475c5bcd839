package dev.lifeboat.engine.remote;

/** The {@link RemoteShell} contract on this computer ({@link LocalShell}). */
class LocalShellContractTest extends RemoteShellContractTest {
    private final LocalShell shell = new LocalShell();

    @Override
    protected RemoteShell shell() {
        return shell;
    }
}
