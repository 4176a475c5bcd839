package dev.lifeboat.ui;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.probe.FsProbe;
import dev.lifeboat.engine.stacks.Detector;
import dev.lifeboat.engine.stacks.StackRegistry;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.connect.ConnectController;
import dev.lifeboat.ui.connect.ConnectViewModel;
import dev.lifeboat.ui.detected.DetectedController;
import dev.lifeboat.ui.detected.DetectedViewModel;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Path;
import java.util.List;
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

    /** The whole window content; tests build it the same way with their own folders. */
    public static Scene createScene(AppDirs dirs, Path home) {
        String demo = System.getProperty(DEMO_DETECTED_PROPERTY);
        return createScene(dirs, home, demo == null || demo.isBlank() ? null : Path.of(demo));
    }

    /** The window content; with {@code demoTree} not null it opens on the Detected stack page for that folder. */
    public static Scene createScene(AppDirs dirs, Path home, Path demoTree) {
        WizardController wizard = new WizardController();
        Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
        ConnectController connect =
                new ConnectController(new ConnectViewModel(new ProfileStore(dirs.config()), home), home);
        Fxml.load(LifeboatApp.class, "connect/ConnectPage.fxml", connect);
        wizard.show(connect);
        if (demoTree != null) {
            DetectedController detected = new DetectedController(new DetectedViewModel());
            Fxml.load(LifeboatApp.class, "detected/DetectedPage.fxml", detected);
            wizard.show(detected);
            Detector detector = new Detector(
                    StackRegistry.withUserDescriptors(dirs.config().resolve("stacks"), new java.util.ArrayList<>()));
            detected.detect("folder " + demoTree, () -> detector.detect(new FsProbe(demoTree)));
        }
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
