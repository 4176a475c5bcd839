package dev.lifeboat.ui;

import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.ui.action.ActionController;
import dev.lifeboat.ui.action.ActionViewModel;
import dev.lifeboat.ui.backup.BackupEngine;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.plan.PlanController;
import dev.lifeboat.ui.plan.PlanViewModel;
import dev.lifeboat.ui.run.RunController;
import dev.lifeboat.ui.run.RunViewModel;
import dev.lifeboat.ui.summary.SummaryController;
import dev.lifeboat.ui.summary.SummaryViewModel;
import dev.lifeboat.ui.wizard.WizardController;

/**
 * The backup pages chained in the wizard: Action → Plan preview → Run → Summary. Loads each page once; {@link #open}
 * starts the chain for an application on a server. FX thread only.
 */
public final class BackupFlow {
    private final ActionController action;
    private final PlanController plan;
    private final RunController run;
    private final SummaryController summary;
    private final WizardController wizard;

    public BackupFlow(WizardController wizard, FolderOpener opener) {
        this.wizard = wizard;
        action = new ActionController(new ActionViewModel(), opener);
        Fxml.load(BackupFlow.class, "action/ActionPage.fxml", action);
        plan = new PlanController(new PlanViewModel());
        Fxml.load(BackupFlow.class, "plan/PlanPage.fxml", plan);
        run = new RunController(new RunViewModel());
        Fxml.load(BackupFlow.class, "run/RunPage.fxml", run);
        summary = new SummaryController(new SummaryViewModel(), opener);
        Fxml.load(BackupFlow.class, "summary/SummaryPage.fxml", summary);

        action.onBackup((engine, stack) -> {
            wizard.show(plan);
            plan.plan(engine, stack);
        });
        plan.onStart((engine, p) -> {
            wizard.show(run);
            run.start(engine, p);
        });
        run.onSummary(result -> {
            wizard.show(summary);
            summary.show(result);
        });
        summary.onDone(() -> {
            wizard.show(action);
            if (lastEngine != null && lastStack != null) {
                action.open(lastEngine, lastStack);
            }
        });
    }

    private BackupEngine lastEngine;
    private DetectedStack lastStack;

    /** Shows the Action page for {@code stack} on the engine's server. */
    public void open(BackupEngine engine, DetectedStack stack) {
        lastEngine = engine;
        lastStack = stack;
        wizard.show(action);
        action.open(engine, stack);
    }

    public ActionController action() {
        return action;
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
