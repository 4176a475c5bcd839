package dev.lifeboat.ui;

import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.BackupService;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.ui.action.ActionController;
import dev.lifeboat.ui.action.ActionViewModel;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.plan.PlanController;
import dev.lifeboat.ui.plan.PlanViewModel;
import dev.lifeboat.ui.run.RunController;
import dev.lifeboat.ui.run.RunViewModel;
import dev.lifeboat.ui.summary.SummaryController;
import dev.lifeboat.ui.summary.SummaryViewModel;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Path;

/**
 * The Action page and the backup pages chained in the wizard: Action → Plan preview → Run → Summary; a restore, drill
 * or migration chosen on the Action page goes on in {@link RestoreFlow}. Loads each page once; {@link #open} starts
 * the chain for an application on a server. FX thread only.
 */
public final class BackupFlow {
    private final ActionController action;
    private final PlanController plan;
    private final RunController run;
    private final SummaryController summary;
    private final WizardController wizard;
    private final RestoreFlow restore;

    /**
     * @param profiles the saved servers a migration's target may be filled in from
     * @param home the user's home (for the key file chooser)
     */
    public BackupFlow(WizardController wizard, FolderOpener opener, ProfileStore profiles, Path home) {
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
            run.start(engine, p);
            wizard.show(run);
        });
        run.onSummary(result -> {
            wizard.show(summary);
            summary.show(result);
        });
        summary.onDone(this::reopen);
        restore = new RestoreFlow(wizard, opener, profiles, home, this::reopen);
        action.onRestore(restore::start);
    }

    private BackupService lastEngine;
    private RestoreService lastRestoreEngine;
    private DetectedStack lastStack;

    /** Back to the Action page, its snapshots read again (a run may have added one or its drill). */
    private void reopen() {
        wizard.show(action);
        if (lastEngine != null && lastStack != null) {
            action.open(lastEngine, lastRestoreEngine, lastStack);
        }
    }

    /** Shows the Action page for {@code stack} on the engine's server; backup only. */
    public void open(BackupService engine, DetectedStack stack) {
        open(engine, null, stack);
    }

    /**
     * Shows the Action page for {@code stack} on the engines' server: backup, and with {@code restoreEngine} also
     * restore, drill and migrate.
     */
    public void open(BackupService engine, RestoreService restoreEngine, DetectedStack stack) {
        lastEngine = engine;
        lastRestoreEngine = restoreEngine;
        lastStack = stack;
        wizard.show(action);
        action.open(engine, restoreEngine, stack);
    }

    /** The restore, drill and migration pages. */
    public RestoreFlow restore() {
        return restore;
    }

    /** Closes what the flows hold open (a migration's target session). */
    public void close() {
        restore.close();
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
