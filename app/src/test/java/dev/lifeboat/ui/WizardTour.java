package dev.lifeboat.ui;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A developer aid for the README's screenshots: walks the real wizard against the testbed's srv-a (Papermerge) and
 * shows the window only once it is on the page named by the argument ({@code action}, {@code plan}, {@code run},
 * {@code summary}, and the restore side: {@code plan-drill}, {@code run-drill}, {@code summary-drill}, {@code
 * plan-restore}, {@code destination}, {@code plan-migrate}), so that {@code ../shared/tools/screenshot} saves that page. The store is {@code
 * /tmp/lifeboat-tour/snapshots} (kept between runs, so the Action page has snapshots to list).
 *
 * <p>Run it with the test classpath: {@code java -cp app/target/classes:app/target/test-classes:DEPS
 * dev.lifeboat.ui.WizardTour run}.
 */
public final class WizardTour {
    private WizardTour() {}

    public static void main(String[] args) throws Exception {
        String page = args.length == 0 ? "action" : args[0];
        Path home = Files.createTempDirectory("lifeboat-tour-home");
        Path store = Files.createDirectories(Path.of("/tmp/lifeboat-tour/snapshots"));
        Path knownHosts = home.resolve("known_hosts");
        Files.writeString(
                knownHosts,
                String.join(
                                "\n",
                                Files.readAllLines(
                                        TestbedHosts.knownHosts(Files.createDirectories(home.resolve("kh")))))
                        + "\n");
        SshOptions ssh = SshOptions.defaults().withKnownHostsFile(knownHosts).withSshConfigFile(null);
        Platform.startup(() -> {});
        Stage stage = fx(() -> {
            Stage s = new Stage();
            s.setTitle(LifeboatApp.TITLE);
            Scene scene = LifeboatApp.createScene(
                    AppDirs.from(Map.of("LIFEBOAT_HOME", home.toString()), home), home, null, ssh, store);
            s.setScene(scene);
            s.setWidth(1024);
            s.setHeight(700);
            s.setOnHidden(e -> Platform.exit());
            return s;
        });
        Scene scene = stage.getScene();
        fx(() -> {
            ((TextField) scene.lookup("#hostField")).setText(TestbedHosts.ip("srv-a"));
            ((TextField) scene.lookup("#userField")).setText("root");
            ((TextField) scene.lookup("#keyFileField"))
                    .setText(TestbedHosts.keyFile("root").toString());
            next(scene);
            return null;
        });
        await(() -> scene.lookup("#stackChoice") instanceof ComboBox<?> c
                && c.getItems().size() > 1);
        fx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<DetectedStack> choice = (ComboBox<DetectedStack>) scene.lookup("#stackChoice");
            choice.setValue(choice.getItems().stream()
                    .filter(s -> s.installDir().equals("/opt/papermerge"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no /opt/papermerge on srv-a; found "
                            + choice.getItems().stream()
                                    .map(DetectedStack::installDir)
                                    .toList())));
            next(scene);
            return null;
        });
        await(() -> "What to do".equals(title(scene)));
        if (page.equals("action")) {
            Thread.sleep(1500);
            show(stage);
            return;
        }
        if (page.endsWith("-upgrade")) {
            upgrade(page, stage, scene);
            return;
        }
        if (page.endsWith("-drill")
                || page.endsWith("-restore")
                || page.endsWith("-migrate")
                || page.equals("destination")) {
            restoreSide(page, stage, scene);
            return;
        }
        fx(() -> next(scene));
        await(() -> scene.lookup("#downtimeLabel") instanceof Label l
                && !l.getText().isEmpty());
        if (page.equals("plan")) {
            show(stage);
            return;
        }
        if (page.equals("run")) {
            // The backup takes seconds: the window shows now and Start follows at once, so that the picture,
            // taken two seconds after the window appears, catches the run while the site is down.
            show(stage);
            Thread.sleep(Long.getLong("tour.startDelayMillis", 300));
            fx(() -> next(scene));
            await(() -> scene.lookup("#sourceChoice") instanceof ComboBox<?> c
                    && c.getItems().contains("container:papermerge"));
            fx(() -> {
                @SuppressWarnings("unchecked")
                ComboBox<String> source = (ComboBox<String>) scene.lookup("#sourceChoice");
                source.setValue("container:papermerge");
                return null;
            });
            return;
        }
        fx(() -> next(scene));
        await(() ->
                scene.lookup("#messageLabel") instanceof Label l && l.getText().startsWith("Backup complete"));
        fx(() -> next(scene));
        show(stage);
    }

    /**
     * The restore side, from the newest snapshot in the tour's store (run {@code summary} once first to have one):
     * {@code plan-drill}, {@code run-drill}, {@code summary-drill} (a drill beside the live site), {@code
     * plan-restore} (in place, overwrite agreed; not started), {@code destination} and {@code plan-migrate} (to
     * srv-b; not started).
     */
    private static void restoreSide(String page, Stage stage, Scene scene) throws Exception {
        await(() -> scene.lookup(".snapshot-table") instanceof TableView<?> t
                && !t.getItems().isEmpty());
        String kind = page.equals("destination") ? "migrate" : page.substring(page.indexOf('-') + 1);
        fx(() -> {
            ((TableView<?>) scene.lookup(".snapshot-table")).getSelectionModel().select(0);
            ((ToggleButton) scene.lookup("#action-" + kind)).fire();
            if (kind.equals("restore")) {
                ((CheckBox) scene.lookup("#overwriteCheck")).setSelected(true);
            }
            return null;
        });
        fx(() -> next(scene));
        if (kind.equals("migrate")) {
            await(() -> scene.lookup("#siteUrlField") instanceof TextField);
            fx(() -> {
                ((TextField) scene.lookup("#hostField")).setText(TestbedHosts.ip("srv-b"));
                ((TextField) scene.lookup("#userField")).setText("root");
                if (scene.lookup("#keyToggle") instanceof ToggleButton key) {
                    key.setSelected(true);
                }
                ((TextField) scene.lookup("#keyFileField"))
                        .setText(TestbedHosts.keyFile("root").toString());
                ((TextField) scene.lookup("#siteUrlField")).setText("https://papers.example.org");
                return null;
            });
            if (page.equals("destination")) {
                show(stage);
                return;
            }
            fx(() -> next(scene));
        }
        await(() -> scene.lookup("#planStepList") instanceof ListView<?> l
                && !l.getItems().isEmpty()
                && !((Button) scene.lookup("#nextButton")).isDisabled());
        if (page.startsWith("plan-")) {
            show(stage);
            return;
        }
        if (page.equals("run-drill")) {
            show(stage);
            Thread.sleep(Long.getLong("tour.startDelayMillis", 300));
            fx(() -> next(scene));
            return;
        }
        fx(() -> next(scene));
        await(() ->
                scene.lookup("#nextButton") instanceof Button b && b.getText().equals("Summary") && !b.isDisabled());
        fx(() -> next(scene));
        await(() -> scene.lookup("#summary-result") instanceof Label);
        show(stage);
    }

    /**
     * The upgrade of Papermerge to {@code tour.version} (3.6.0 unless told): {@code action-upgrade} (the versions the
     * server has offered), {@code plan-upgrade}, {@code run-upgrade} (started as the window shows) and {@code
     * summary-upgrade}. The last two upgrade srv-a's Papermerge: its Summary's Rollback (or {@code lifeboat upgrade
     * --rollback}) puts it back.
     */
    private static void upgrade(String page, Stage stage, Scene scene) throws Exception {
        fx(() -> {
            ((ToggleButton) scene.lookup("#action-upgrade")).fire();
            return null;
        });
        await(() -> scene.lookup("#upgradeVersion") instanceof ComboBox<?> c
                && !c.getItems().isEmpty());
        fx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> v = (ComboBox<String>) scene.lookup("#upgradeVersion");
            v.setValue(System.getProperty("tour.version", "3.6.0"));
            return null;
        });
        if (page.equals("action-upgrade")) {
            show(stage);
            return;
        }
        fx(() -> next(scene));
        await(() -> scene.lookup("#planStepList") instanceof ListView<?> l
                && !l.getItems().isEmpty()
                && !((Button) scene.lookup("#nextButton")).isDisabled());
        if (page.equals("plan-upgrade")) {
            show(stage);
            return;
        }
        if (page.equals("run-upgrade")) {
            // Shown once the rehearsal's copy starts the new version: the picture has the phases and the copy's log.
            fx(() -> next(scene));
            await(() -> scene.lookup("#currentStepLabel") instanceof Label l
                    && l.getText().startsWith(System.getProperty("tour.step", "Start the copy")));
            show(stage);
            String png = System.getProperty("tour.png");
            if (png != null) {
                // The screenshot tool ends the program once it has its picture: an upgrade cut there would leave its
                // copy behind. With tour.png the window saves itself, and the tour waits for the run's end.
                Thread.sleep(2000);
                savePng(scene, Path.of(png));
                await(() -> scene.lookup("#nextButton") instanceof Button b
                        && b.getText().equals("Summary")
                        && !b.isDisabled());
                System.exit(0);
            }
            return;
        }
        fx(() -> next(scene));
        await(() ->
                scene.lookup("#nextButton") instanceof Button b && b.getText().equals("Summary") && !b.isDisabled());
        fx(() -> next(scene));
        await(() -> scene.lookup("#summary-result") instanceof Label);
        show(stage);
    }

    /** Saves what the window shows as a PNG (the scene's own pixels, as the screenshot tool would see them). */
    private static void savePng(Scene scene, Path out) throws Exception {
        javafx.scene.image.Image img = fx(() -> scene.snapshot(null));
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        java.awt.image.BufferedImage b =
                new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javafx.scene.image.PixelReader r = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, r.getArgb(x, y));
            }
        }
        javax.imageio.ImageIO.write(b, "png", out.toFile());
        System.out.println("tour: saved " + out);
    }

    private static String next(Scene scene) {
        ((Button) scene.lookup("#nextButton")).fire();
        return null;
    }

    private static String title(Scene scene) {
        return ((Label) scene.lookup(".page-title")).getText();
    }

    private static void show(Stage stage) throws Exception {
        fx(() -> {
            stage.show();
            return null;
        });
    }

    private static void await(Supplier<Boolean> condition) throws Exception {
        long end = System.nanoTime() + Long.getLong("tour.timeoutSeconds", 300) * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (Boolean.TRUE.equals(fx(condition::get))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the tour did not reach its page in 300 s; it is on: "
                + fx(() -> Window.getWindows().isEmpty()
                        ? "no window"
                        : title(Window.getWindows().get(0).getScene())));
    }

    private static <T> T fx(java.util.concurrent.Callable<T> work) throws Exception {
        FutureTask<T> t = new FutureTask<>(work);
        Platform.runLater(t);
        return t.get();
    }
}
