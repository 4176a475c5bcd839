package dev.lifeboat.ui;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.schedule.Launch;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Server;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.connect.ConnectController;
import dev.lifeboat.ui.connect.ConnectViewModel;
import dev.lifeboat.ui.detected.DetectedController;
import dev.lifeboat.ui.detected.DetectedViewModel;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** The server the wizard works on; closed when another replaces it and when the app ends. */
    private static final AtomicReference<Server> SERVER = new AtomicReference<>();

    /** What the wizard's flows hold open besides the server (a migration's target), closed when the app ends. */
    private static final AtomicReference<Runnable> CLOSE_FLOWS = new AtomicReference<>(() -> {});

    @Override
    public void stop() {
        CLOSE_FLOWS.get().run();
        replaceServer(null);
    }

    /** Makes {@code next} the current server and closes the one before, off the FX thread. */
    private static void replaceServer(Server next) {
        Server old = SERVER.getAndSet(next);
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

    /**
     * As {@link #createScene(AppDirs, Path, Path, SshOptions)}, with the snapshot store at {@code storeRoot}: the
     * window's composition root, which builds the one {@link Lifeboat} its pages call.
     */
    public static Scene createScene(AppDirs dirs, Path home, Path demoTree, SshOptions ssh, Path storeRoot) {
        Lifeboat lifeboat = new Lifeboat(dirs, new SnapshotStore(storeRoot), ssh);
        WizardController wizard = new WizardController();
        Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
        DetectedController detected = new DetectedController(new DetectedViewModel());
        Fxml.load(LifeboatApp.class, "detected/DetectedPage.fxml", detected);
        ActionFlow flows = new ActionFlow(wizard, FolderOpener.system(), lifeboat.profiles(), home);
        SchedulesFlow schedules =
                new SchedulesFlow(wizard, lifeboat.unattended(), lifeboat.profiles(), home, Launch.current());
        CLOSE_FLOWS.set(() -> {
            schedules.stop();
            flows.close();
        });
        AtomicReference<Server> current = new AtomicReference<>();
        // The profile each session logged in with, for the schedule a backup's Summary offers.
        Map<SshSession, ConnectionProfile> profileOf = new ConcurrentHashMap<>();
        AtomicReference<ConnectionProfile> currentProfile = new AtomicReference<>();
        flows.backup().offerAfterBackup(stack -> schedules.offer(currentProfile.get(), stack));
        detected.onNext(stack -> {
            Server s = current.get();
            if (s == null) {
                return "Backups need a server: connect to one on the first page.";
            }
            flows.open(s, s, s, stack);
            return "Choose what to do with " + stack.displayName() + ".";
        });

        ConnectController connect = new ConnectController(
                new ConnectViewModel(lifeboat.profiles(), home),
                home,
                (profile, prompter) -> {
                    SshSession session = lifeboat.login(profile, prompter);
                    profileOf.put(session, profile);
                    return session;
                },
                session -> {
                    currentProfile.set(profileOf.remove(session));
                    wizard.show(detected);
                    Server server = lifeboat.server(session);
                    current.set(server);
                    boolean root = "root".equals(session.target().user());
                    detected.detect(
                            session.target().display(),
                            () -> server.detect(false),
                            root ? null : () -> server.detect(true));
                    // Only now, with the old detection cancelled by detect(), is the old server closed.
                    replaceServer(server);
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
            detected.detect("folder " + demoTree, () -> lifeboat.detect(demoTree));
        }
        schedules.start();
        Scene scene = new Scene(frame, 1040, 680);
        scene.getStylesheets().add(LifeboatApp.class.getResource("lifeboat.css").toExternalForm());
        return scene;
    }

    private static List<Image> icons() {
        return List.of(16, 32, 48, 64, 128, 256).stream()
                .map(size -> new Image(LifeboatApp.class.getResourceAsStream("icons/lifeboat-" + size + ".png")))
                .toList();
    }
}
