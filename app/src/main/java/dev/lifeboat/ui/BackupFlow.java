package dev.lifeboat.ui;

import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.BackupService;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.plan.BackupPlanSource;
import dev.lifeboat.ui.plan.PlanController;
import dev.lifeboat.ui.plan.PlanViewModel;
import dev.lifeboat.ui.run.RunController;
import dev.lifeboat.ui.run.RunViewModel;
import dev.lifeboat.ui.summary.BackupSummary;
import dev.lifeboat.ui.summary.Offer;
import dev.lifeboat.ui.summary.SummaryController;
import dev.lifeboat.ui.summary.SummaryViewModel;
import dev.lifeboat.ui.wizard.WizardController;
import java.util.function.Function;

/**
 * The backup pages chained in the wizard, after the Action page: Plan preview → Run → Summary. Loads each page once;
 * {@link #start} plans a backup of an application. The sibling of {@link RestoreFlow}. FX thread only.
 */
public final class BackupFlow {
    private final WizardController wizard;
    private final PlanController plan;
    private final RunController run;
    private final SummaryController summary;
    private Function<DetectedStack, Offer> offers = stack -> null;
    private DetectedStack stack;

    /** @param done what Done on the Summary does, e.g. show the Action page again */
    public BackupFlow(WizardController wizard, FolderOpener opener, Runnable done) {
        this.wizard = wizard;
        plan = new PlanController(new PlanViewModel());
        Fxml.load(BackupFlow.class, "plan/PlanPage.fxml", plan);
        run = new RunController(new RunViewModel());
        Fxml.load(BackupFlow.class, "run/RunPage.fxml", run);
        summary = new SummaryController(new SummaryViewModel(), opener);
        Fxml.load(BackupFlow.class, "summary/SummaryPage.fxml", summary);

        run.onSummary(result -> {
            summary.show(BackupSummary.of(result));
            summary.offer(stack == null ? null : offers.apply(stack));
            wizard.show(summary);
        });
        summary.onDone(done);
    }

    /** Plans a backup of {@code stack} on the engine's server and shows the plan; Start runs it. */
    public void start(BackupService engine, DetectedStack stack) {
        this.stack = stack;
        plan.plan(new BackupPlanSource(engine, stack, p -> {
            run.start(engine, p);
            wizard.show(run);
        }));
        wizard.show(plan);
    }

    /**
     * What the Summary of a successful backup offers next for the application backed up (e.g. "Back up every
     * night"); the function returns null to offer nothing.
     */
    public void offerAfterBackup(Function<DetectedStack, Offer> what) {
        this.offers = what;
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
