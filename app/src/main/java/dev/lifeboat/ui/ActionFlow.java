package dev.lifeboat.ui;

import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.BackupService;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.engine.service.UpgradeService;
import dev.lifeboat.ui.action.ActionController;
import dev.lifeboat.ui.action.ActionViewModel;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Path;

/**
 * The Action page and the flows it starts, side by side: a backup ({@link BackupFlow}), a restore, drill or migration
 * ({@link RestoreFlow}), an upgrade ({@link UpgradeFlow}). Done on any Summary comes back to the Action page, its snapshots read again.
 * {@link #open} shows it for an application on a server. FX thread only.
 */
public final class ActionFlow {
    private final WizardController wizard;
    private final ActionController action;
    private final BackupFlow backup;
    private final RestoreFlow restore;
    private final UpgradeFlow upgrade;
    private BackupService lastEngine;
    private RestoreService lastRestoreEngine;
    private UpgradeService lastUpgradeEngine;
    private DetectedStack lastStack;

    /**
     * @param profiles the saved servers a migration's target may be filled in from
     * @param home the user's home (for the key file chooser)
     */
    public ActionFlow(WizardController wizard, FolderOpener opener, ProfileStore profiles, Path home) {
        this.wizard = wizard;
        action = new ActionController(new ActionViewModel(), opener);
        Fxml.load(ActionFlow.class, "action/ActionPage.fxml", action);
        backup = new BackupFlow(wizard, opener, this::reopen);
        restore = new RestoreFlow(wizard, opener, profiles, home, this::reopen);
        upgrade = new UpgradeFlow(wizard, opener, this::reopen);
        action.onBackup(backup::start);
        action.onRestore(restore::start);
        action.onUpgrade(upgrade::start);
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
        open(engine, restoreEngine, null, stack);
    }

    /**
     * Shows the Action page for {@code stack} on the engines' server: backup, with {@code restoreEngine} also restore,
     * drill and migrate, with {@code upgradeEngine} also upgrade.
     */
    public void open(
            BackupService engine, RestoreService restoreEngine, UpgradeService upgradeEngine, DetectedStack stack) {
        lastEngine = engine;
        lastRestoreEngine = restoreEngine;
        lastUpgradeEngine = upgradeEngine;
        lastStack = stack;
        reopen();
    }

    /** Back to the Action page, its snapshots read again (a run may have added one or its drill). */
    private void reopen() {
        wizard.show(action);
        if (lastEngine != null && lastStack != null) {
            action.open(lastEngine, lastRestoreEngine, lastUpgradeEngine, lastStack);
        }
    }

    /** Closes what the flows hold open (a migration's target session). */
    public void close() {
        restore.close();
    }

    public ActionController action() {
        return action;
    }

    /** The backup's pages. */
    public BackupFlow backup() {
        return backup;
    }

    /** The restore, drill and migration pages. */
    public RestoreFlow restore() {
        return restore;
    }

    /** The upgrade's pages. */
    public UpgradeFlow upgrade() {
        return upgrade;
    }
}
