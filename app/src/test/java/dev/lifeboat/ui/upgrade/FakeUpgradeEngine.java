package dev.lifeboat.ui.upgrade;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.service.UpgradeService;
import dev.lifeboat.engine.stacks.Upgrades;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.engine.workflow.UpgradeFixture;
import dev.lifeboat.engine.workflow.UpgradePlan;
import dev.lifeboat.engine.workflow.UpgradeWorkflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link UpgradeService} for GUI tests: the plans are the engine's own, of the unit tests' wiki ({@link
 * UpgradeFixture}, 1.4.2); the run ends as {@link #ending} says.
 */
public final class FakeUpgradeEngine implements UpgradeService {
    /** How {@link #upgrade} ends. */
    public UpgradeOutcome.End ending = UpgradeOutcome.End.UPGRADED;

    /** What {@link #rollbackUpgrade} returns: null for a rollback that passes, else its problem. */
    public String rollbackProblem;

    public final List<String> calls = new ArrayList<>();
    private final Path store;

    public FakeUpgradeEngine() {
        try {
            store = Files.createTempDirectory("lifeboat-fake-upgrade");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String where() {
        return "root@fake-server";
    }

    @Override
    public Optional<Upgrades.Offered> upgradeOffer(DetectedStack stack) {
        calls.add("offer");
        return Optional.of(new Upgrades.Offered("1.4.2", List.of("1.5.1", "1.5.0")));
    }

    @Override
    public UpgradePlan planUpgrade(DetectedStack stack, String target) throws EngineException {
        calls.add("plan " + target);
        return UpgradeFixture.plan(store, target);
    }

    @Override
    public UpgradeWorkflow.Result upgrade(UpgradePlan plan, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        calls.add("upgrade " + plan.target());
        return switch (ending) {
            case UPGRADED -> new UpgradeWorkflow.Result(
                    plan.current(),
                    plan.target(),
                    store.resolve("20261207T100000Z"),
                    store.resolve("20261207T100130Z"),
                    42_000,
                    6_400);
            case REHEARSAL_FAILED -> throw new UpgradeWorkflow.RehearsalFailedException(
                    "The rehearsal of " + plan.target() + " on a copy failed: the copy did not pass its health check.",
                    null);
            case ROLLED_BACK -> throw new UpgradeWorkflow.RolledBackException(
                    "The upgrade to " + plan.target() + " failed on the live site. Lifeboat rolled back.", true, null);
            case ROLLBACK_FAILED -> throw new UpgradeWorkflow.RolledBackException(
                    "The upgrade failed on the live site, and so did the way back.", false, null);
        };
    }

    @Override
    public RestoreWorkflow.Result rollbackUpgrade(DetectedStack stack, ProgressListener listener, CancelToken cancel) {
        calls.add("rollback");
        return new RestoreWorkflow.Result(
                "app", rollbackProblem == null ? List.of() : List.of(rollbackProblem), 1_000, 9_000, true);
    }
}
