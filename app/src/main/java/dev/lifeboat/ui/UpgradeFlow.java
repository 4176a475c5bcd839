package dev.lifeboat.ui;

import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.UpgradeService;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.plan.PlanController;
import dev.lifeboat.ui.plan.PlanViewModel;
import dev.lifeboat.ui.plan.UpgradePlanSource;
import dev.lifeboat.ui.run.RunController;
import dev.lifeboat.ui.run.RunViewModel;
import dev.lifeboat.ui.summary.SummaryController;
import dev.lifeboat.ui.summary.SummaryViewModel;
import dev.lifeboat.ui.summary.UpgradeSummary;
import dev.lifeboat.ui.upgrade.UpgradeJob;
import dev.lifeboat.ui.wizard.WizardController;

/**
 * The upgrade's pages chained in the wizard after the Action page (issue 20): Plan preview (the version change, its
 * phases) → Run (the snapshot, the rehearsal on a copy, the live part) → Summary (what runs now, the way back). The
 * sibling of {@link BackupFlow} and {@link RestoreFlow}. FX thread only.
 */
public final class UpgradeFlow {
    private final WizardController wizard;
    private final PlanController plan;
    private final RunController run;
    private final SummaryController summary;
    private final UpgradeSummary summaries = new UpgradeSummary();

    /** @param done what Done on the Summary does, e.g. show the Action page again */
    public UpgradeFlow(WizardController wizard, FolderOpener opener, Runnable done) {
        this.wizard = wizard;
        plan = new PlanController(new PlanViewModel());
        Fxml.load(UpgradeFlow.class, "plan/PlanPage.fxml", plan);
        run = new RunController(new RunViewModel());
        Fxml.load(UpgradeFlow.class, "run/RunPage.fxml", run);
        summary = new SummaryController(new SummaryViewModel(), opener);
        Fxml.load(UpgradeFlow.class, "summary/SummaryPage.fxml", summary);
        summary.onDone(done);
    }

    /** Plans the upgrade of {@code stack} to {@code version} and shows the plan; Start runs it, its end the Summary. */
    public void start(UpgradeService engine, DetectedStack stack, String version) {
        plan.plan(new UpgradePlanSource(engine, stack, version, p -> {
            run.start(new UpgradeJob(engine, p), outcome -> {
                summary.show(summaries.of(outcome, engine));
                wizard.show(summary);
            });
            wizard.show(run);
        }));
        wizard.show(plan);
    }

    public PlanController plan() {
        return plan;
    }

    public RunController run() {
        return run;
    }

    public SummaryController summary() {
        return summary;
    }
}
