package dev.lifeboat.ui;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.probe.FsProbe;
import dev.lifeboat.engine.probe.RemoteCommandRunner;
import dev.lifeboat.engine.probe.ShellProbe;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.stacks.Detection;
import dev.lifeboat.engine.stacks.Detector;
import dev.lifeboat.engine.stacks.Stack;
import dev.lifeboat.engine.stacks.StackRegistry;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.ui.backup.BackupEngine;
import dev.lifeboat.ui.backup.SshBackupEngine;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.connect.ConnectController;
import dev.lifeboat.ui.connect.ConnectViewModel;
import dev.lifeboat.ui.connect.Connector;
import dev.lifeboat.ui.detected.DetectedController;
import dev.lifeboat.ui.detected.DetectedViewModel;
import dev.lifeboat.ui.restore.RestoreEngine;
import dev.lifeboat.ui.restore.SshRestoreEngine;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application: builds the wizard window. Start it through {@code dev.lifeboat.Launcher}. */
public final class LifeboatApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(LifeboatApp.class);
    public static final String TITLE = "Lifeboat — backup, restore and migration over SSH";

    public static void main(String[] args) {
        launch(LifeboatApp.class, args);
    }

    /** The session to the server the wizard works on; closed when another replaces it and when the app ends. */
    private static final AtomicReference<SshSession> SESSION = new AtomicReference<>();

    /** What the wizard's flows hold open besides the session (a migration's target), closed when the app ends. */
    private static final AtomicReference<Runnable> CLOSE_FLOWS = new AtomicReference<>(() -> {});

    @Override
    public void stop() {
        CLOSE_FLOWS.get().run();
        replaceSession(null);
    }

    /** Makes {@code next} the current session and closes the one before, off the FX thread. */
    private static void replaceSession(SshSession next) {
        SshSession old = SESSION.getAndSet(next);
        if (old != null && old != next) {
            FxTasks.background(old::close);
        }
    }

    @Override
    public void start(Stage stage) {
        LOG.info("Opening the Lifeboat window");
        stage.setTitle(TITLE);
        stage.getIcons().addAll(icons());
        stage.setScene(createScene(AppDirs.forCurrentUser(), Path.of(System.getProperty("user.home"))));
        stage.setMinWidth(860);
        stage.setMinHeight(560);
        stage.show();
    }

    /**
     * System property naming a folder that stands for a server's {@code /}: the window then opens on the Detected
     * stack page with an offline detection of it ({@code java -jar lifeboat.jar --demo-detected DIR}). A developer
     * aid for screenshots and demos until live detection over SSH is wired to the Connect page.
     */
    public static final String DEMO_DETECTED_PROPERTY = "lifeboat.demo.detected";

    /** System property naming a saved profile to connect to as soon as the window opens ({@code --open NAME}). */
    public static final String OPEN_PROFILE_PROPERTY = "lifeboat.open.profile";

    /** The whole window content; tests build it the same way with their own folders. */
    public static Scene createScene(AppDirs dirs, Path home) {
        String demo = System.getProperty(DEMO_DETECTED_PROPERTY);
        return createScene(dirs, home, demo == null || demo.isBlank() ? null : Path.of(demo));
    }

    /** The window content; with {@code demoTree} not null it opens on the Detected stack page for that folder. */
    public static Scene createScene(AppDirs dirs, Path home, Path demoTree) {
        return createScene(dirs, home, demoTree, SshOptions.defaults());
    }

    /**
     * The window content, connecting with {@code ssh} (the user's known_hosts and ssh config; tests pass their own)
     * narrowed to each profile's way of logging in.
     */
    public static Scene createScene(AppDirs dirs, Path home, Path demoTree, SshOptions ssh) {
        return createScene(dirs, home, demoTree, ssh, SnapshotStore.defaultRoot());
    }

    /** As {@link #createScene(AppDirs, Path, Path, SshOptions)}, with the snapshot store at {@code storeRoot}. */
    public static Scene createScene(AppDirs dirs, Path home, Path demoTree, SshOptions ssh, Path storeRoot) {
        WizardController wizard = new WizardController();
        Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
        List<Stack> stacks =
                StackRegistry.withUserDescriptors(dirs.config().resolve("stacks"), new java.util.ArrayList<>());
        Detector detector = new Detector(stacks);
        DetectedController detected = new DetectedController(new DetectedViewModel());
        Fxml.load(LifeboatApp.class, "detected/DetectedPage.fxml", detected);
        BackupFlow backup = new BackupFlow(wizard, FolderOpener.system(), new ProfileStore(dirs.config()), home);
        CLOSE_FLOWS.set(backup::close);
        AtomicReference<BackupEngine> engine = new AtomicReference<>();
        AtomicReference<RestoreEngine> restoreEngine = new AtomicReference<>();
        SnapshotStore store = new SnapshotStore(storeRoot);
        detected.onNext(stack -> {
            BackupEngine e = engine.get();
            if (e == null) {
                return "Backups need a server: connect to one on the first page.";
            }
            backup.open(e, restoreEngine.get(), stack);
            return "Choose what to do with " + stack.displayName() + ".";
        });

        Connector connector = (profile, prompter) ->
                SshSession.open(target(profile), ssh.forProfile(profile.auth(), profile.keyFile()), prompter);
        ConnectController connect = new ConnectController(
                new ConnectViewModel(new ProfileStore(dirs.config()), home), home, connector, session -> {
                    wizard.show(detected);
                    SshjRemoteShell shell = new SshjRemoteShell(session);
                    engine.set(new SshBackupEngine(session, shell, store, stacks));
                    restoreEngine.set(new SshRestoreEngine(session, shell, store, stacks, connector));
                    boolean root = "root".equals(session.target().user());
                    detected.detect(
                            session.target().display(),
                            liveDetection(detector, shell, false),
                            root ? null : liveDetection(detector, shell, true));
                    // Only now, with the old detection cancelled by detect(), is the old session closed.
                    replaceSession(session);
                });
        Fxml.load(LifeboatApp.class, "connect/ConnectPage.fxml", connect);
        wizard.show(connect);
        String open = System.getProperty(OPEN_PROFILE_PROPERTY);
        if (open != null && !open.isBlank() && demoTree == null) {
            if (connect.select(open)) {
                javafx.application.Platform.runLater(wizard::next);
            } else {
                wizard.status("No saved profile named \"" + open + "\".");
            }
        }
        if (demoTree != null) {
            wizard.show(detected);
            detected.detect("folder " + demoTree, () -> detector.detect(new FsProbe(demoTree)));
        }
        Scene scene = new Scene(frame, 1040, 680);
        scene.getStylesheets().add(LifeboatApp.class.getResource("lifeboat.css").toExternalForm());
        return scene;
    }

    /** Detection over the shell's server, as the login user or as root; cancelled by interrupting the worker. */
    private static FxTasks.Work<Detection> liveDetection(Detector detector, SshjRemoteShell shell, boolean asRoot) {
        return () -> detector.detect(new ShellProbe(new RemoteCommandRunner(shell, CancelToken.NONE, asRoot)));
    }

    /** Where a profile points; port 22 is left to the ssh config, so an alias's own Port still counts. */
    static Target target(ConnectionProfile p) {
        return new Target(
                Optional.of(p.user()),
                p.host(),
                p.port() == Target.DEFAULT_SSH_PORT ? Optional.empty() : Optional.of(p.port()));
    }

    private static List<Image> icons() {
        return List.of(16, 32, 48, 64, 128, 256).stream()
                .map(size -> new Image(LifeboatApp.class.getResourceAsStream("icons/lifeboat-" + size + ".png")))
                .toList();
    }
}
