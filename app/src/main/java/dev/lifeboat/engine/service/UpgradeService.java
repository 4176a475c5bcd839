package dev.lifeboat.engine.service;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.stacks.Upgrades;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.engine.workflow.UpgradePlan;
import dev.lifeboat.engine.workflow.UpgradeWorkflow;
import java.util.Optional;

/**
 * What the window's upgrade pages ask of the engine, for one connected server (issue 20, ADR 0014): the wizard's seam,
 * like {@link RestoreService}. {@link Server} backs it with the real workflow, GUI tests pass a fake.
 *
 * <p>Threading: every method blocks and is called on a worker thread, never on the FX thread.
 */
public interface UpgradeService {

    /** Where the connected server is, for people, e.g. {@code root@srv-a}. */
    String where();

    /** The version {@code stack} runs and the newer ones the server has images of; empty when it cannot be told. */
    Optional<Upgrades.Offered> upgradeOffer(DetectedStack stack) throws EngineException;

    /**
     * What upgrading {@code stack} to {@code target} will do; changes nothing.
     *
     * @throws dev.lifeboat.engine.workflow.PreflightException when it is refused, with why and what to do
     */
    UpgradePlan planUpgrade(DetectedStack stack, String target) throws EngineException;

    /**
     * Upgrades as the plan says. Throws {@link UpgradeWorkflow.RehearsalFailedException} when the rehearsal failed
     * (the live site not upgraded) and {@link UpgradeWorkflow.RolledBackException} when the live part failed and was
     * rolled back.
     */
    UpgradeWorkflow.Result upgrade(UpgradePlan plan, ProgressListener listener, CancelToken cancel)
            throws EngineException;

    /** The way back after an upgrade: its files put back and the snapshot it took with the site stopped restored. */
    RestoreWorkflow.Result rollbackUpgrade(DetectedStack stack, ProgressListener listener, CancelToken cancel)
            throws EngineException;
}
