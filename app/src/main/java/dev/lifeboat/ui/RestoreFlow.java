package dev.lifeboat.ui;

import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.service.MigrationTarget;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.destination.DestinationController;
import dev.lifeboat.ui.destination.DestinationViewModel;
import dev.lifeboat.ui.plan.PlanController;
import dev.lifeboat.ui.plan.PlanViewModel;
import dev.lifeboat.ui.plan.RestorePlanSource;
import dev.lifeboat.ui.restore.RestoreJob;
import dev.lifeboat.ui.run.RunController;
import dev.lifeboat.ui.run.RunViewModel;
import dev.lifeboat.ui.summary.RestoreSummary;
import dev.lifeboat.ui.summary.SummaryController;
import dev.lifeboat.ui.summary.SummaryViewModel;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * The restore, drill and migration pages chained in the wizard, after the Action page: (for a migration, the new
 * server →) Plan preview → Run → Summary. Loads each page once; {@link #start} goes on with what the Action page asked
 * for. Holds a migration's target session until the user is done with it or chooses another. The sibling of {@link
 * BackupFlow}. FX thread only.
 */
public final class RestoreFlow {
    private final WizardController wizard;
    private final DestinationController destination;
    private final PlanController plan;
    private final RunController run;
    private final SummaryController summary;
    private final RestoreSummary summaries = new RestoreSummary(ZoneId.systemDefault());
    private RestoreService engine;
    private RestoreRequest asked;
    private MigrationTarget connected;

    /**
     * @param profiles the saved servers a migration's target may be filled in from
     * @param done what Done on the Summary does, e.g. show the Action page again
     */
    public RestoreFlow(WizardController wizard, FolderOpener opener, ProfileStore profiles, Path home, Runnable done) {
        this.wizard = wizard;
        destination = new DestinationController(new DestinationViewModel(profiles, home), home);
        Fxml.load(RestoreFlow.class, "destination/DestinationPage.fxml", destination);
        plan = new PlanController(new PlanViewModel());
        Fxml.load(RestoreFlow.class, "plan/PlanPage.fxml", plan);
        run = new RunController(new RunViewModel());
        Fxml.load(RestoreFlow.class, "run/RunPage.fxml", run);
        summary = new SummaryController(new SummaryViewModel(), opener);
        Fxml.load(RestoreFlow.class, "summary/SummaryPage.fxml", summary);

        destination.onConnected((t, url) -> {
            keep(t);
            planAndShow(asked.to(t, url));
        });
        summary.onDone(() -> {
            keep(null);
            done.run();
        });
    }

    /** Continues what the Action page asked for: a migration asks for its server first, the others plan at once. */
    public void start(RestoreService e, RestoreRequest r) {
        engine = e;
        asked = r;
        if (r.kind() == RestoreRequest.Kind.MIGRATE && r.target() == null) {
            destination.open(e, r.stack());
            wizard.show(destination);
        } else {
            planAndShow(r);
        }
    }

    /** Plans {@code r} and shows the plan; Start runs it, and its end leads to the Summary. */
    private void planAndShow(RestoreRequest r) {
        RestoreService e = engine;
        plan.plan(new RestorePlanSource(e, r, p -> {
            run.start(new RestoreJob(e, p), outcome -> {
                summary.show(summaries.of(outcome, e));
                wizard.show(summary);
            });
            wizard.show(run);
        }));
        wizard.show(plan);
    }

    /** Makes {@code t} the migration's target and closes the one before, off the FX thread. */
    private void keep(MigrationTarget t) {
        MigrationTarget old = connected;
        connected = t;
        if (old != null && old != t) {
            FxTasks.background(old::close);
        }
    }

    /** Closes a migration's target session, if one is open (the window is closing). */
    public void close() {
        keep(null);
    }

    public DestinationController destination() {
        return destination;
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
