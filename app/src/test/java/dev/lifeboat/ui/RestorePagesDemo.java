package dev.lifeboat.ui;

import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.plan.PlanController;
import dev.lifeboat.ui.plan.PlanViewModel;
import dev.lifeboat.ui.plan.RestorePlanSource;
import dev.lifeboat.ui.restore.FakeRestoreEngine;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;

/**
 * A developer aid for looking at the restore, drill and migration pages without a server: the real wizard window
 * (1024x700) with fake engines, shown only once it is on the page the argument names, so that {@code
 * ../shared/tools/screenshot} saves that page. Pages: {@code action-restore}, {@code action-drill}, {@code
 * destination}, {@code plan-restore}, {@code plan-drill}, {@code plan-migrate}, {@code run-restore}, {@code
 * run-drill}, {@code run-migrate}, {@code summary-restore}, {@code summary-differ}, {@code summary-drill}, {@code
 * summary-migrate}; and for comparing the pages the backup shares with them, {@code connect} (with a saved server
 * chosen), {@code plan-backup}, {@code summary-backup}. Not the README's pictures, which are the real window against
 * the testbed, but for {@code action-restore}: the Action page with the Where column filled (an off-site repository
 * {@code nas} holds the newest snapshot and one the store no longer has).
 */
public final class RestorePagesDemo {
    private RestorePagesDemo() {}

    public static void main(String[] args) throws Exception {
        String page = args.length == 0 ? "plan-restore" : args[0];
        String[] parts = page.split("-", 2);
        String stage = parts[0];
        String action = parts.length > 1 ? parts[1] : "migrate";
        Path home = Files.createTempDirectory("lifeboat-demo-home");
        if (page.equals("connect")) {
            connect(home);
            return;
        }
        if (SCHEDULE_PAGES.contains(page)) {
            schedules(page, home);
            return;
        }
        FakeBackupEngine backup = new FakeBackupEngine();
        FakeRestoreEngine engine = new FakeRestoreEngine();
        engine.askHostKey = false;
        engine.targetRuns = action.equals("migrate");
        engine.differ = action.equals("differ");
        engine.holdWhileDown = stage.equals("run");
        DrillRecord lastDrill =
                new DrillRecord("2026-11-30T10:05:00Z", "root@fake-server", true, List.of(), 3_100, 12_400, List.of());
        engine.snapshot = FakeRestoreEngine.snapshot(lastDrill);
        backup.snapshots = List.of(
                engine.snapshot,
                new dev.lifeboat.engine.service.SnapshotInfo(
                        Path.of("/tmp/lifeboat-fake/snapshots/fake-server/papermerge/20261130T091500Z"),
                        "20261130T091500Z",
                        "2026-11-30T09:15:00Z",
                        51_380_224,
                        2_097_152,
                        3_900,
                        "at backup"));
        // The newest snapshot also in the off-site repository nas, the older one only here, one only in nas.
        backup.places = new dev.lifeboat.engine.service.SnapshotPlaces(
                true,
                java.util.Map.of(FakeRestoreEngine.SNAPSHOT_ID, List.of("nas"), "20261125T091500Z", List.of("nas")),
                List.of("20261125T091500Z"),
                List.of());
        Platform.startup(() -> {});
        ActionFlow[] flows = new ActionFlow[1];
        Stage window = fx(() -> {
            WizardController wizard = new WizardController();
            Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
            ActionFlow flow = new ActionFlow(wizard, p -> {}, new ProfileStore(home.resolve("config")), home);
            Stage s = new Stage();
            s.setTitle(LifeboatApp.TITLE);
            Scene scene = new Scene(frame, 1024, 700);
            scene.getStylesheets()
                    .add(LifeboatApp.class.getResource("lifeboat.css").toExternalForm());
            s.setScene(scene);
            s.setOnHidden(e -> Platform.exit());
            flow.open(backup, engine, new dev.lifeboat.ui.upgrade.FakeUpgradeEngine(), FakeBackupEngine.stack());
            flows[0] = flow;
            return s;
        });
        Scene scene = window.getScene();
        await(() -> scene.lookup(".snapshot-table") instanceof javafx.scene.control.TableView<?> t
                && t.getItems().size() == 2
                && !flows[0].action().viewModel().offsiteMessageProperty().get().isEmpty());
        String choice = action.equals("differ") ? "restore" : action;
        fx(() -> {
            ((ToggleButton) scene.lookup("#action-" + choice)).fire();
            if (choice.equals("restore") && !stage.equals("action")) {
                ((CheckBox) scene.lookup("#overwriteCheck")).setSelected(true);
            }
            return null;
        });
        if (stage.equals("action")) {
            show(window);
            return;
        }
        fx(() -> next(scene));
        if (choice.equals("migrate")) {
            fx(() -> {
                var vm = flows[0].restore().destination().viewModel();
                vm.form().hostProperty().set("10.200.100.11");
                vm.form().userProperty().set("root");
                vm.form().authProperty().set(AuthMethod.AGENT); // the segmented button has no skin before show
                vm.siteUrlProperty().set(page.equals("destination") ? "docs.example.org" : "https://docs.example.org");
                return null;
            });
            if (page.equals("destination")) {
                show(window);
                return;
            }
            fx(() -> next(scene));
        }
        PlanController plan = choice.equals("backup")
                ? flows[0].backup().plan()
                : flows[0].restore().plan();
        await(() -> plan.viewModel().stateProperty().get() == PlanViewModel.State.READY);
        if (engine.targetRuns) {
            fx(() -> {
                ((RestorePlanSource) plan.source())
                        .viewModel()
                        .confirmedProperty()
                        .set(true);
                return null;
            });
        }
        if (stage.equals("plan")) {
            show(window);
            return;
        }
        fx(() -> next(scene));
        if (stage.equals("run")) {
            engine.awaitDown();
            Thread.sleep(1500);
            show(window);
            return;
        }
        await(() -> scene.lookup("#messageLabel") instanceof Label l
                && !((Button) scene.lookup("#nextButton")).isDisabled()
                && ((Button) scene.lookup("#nextButton")).getText().equals("Summary"));
        fx(() -> next(scene));
        show(window);
    }

    /** The pages of issue 18: {@code summary-schedule}, {@code schedule-form}, {@code schedule-key}, {@code schedules}. */
    static final List<String> SCHEDULE_PAGES =
            List.of("summary-schedule", "schedule-form", "schedule-key", "schedules");

    /**
     * A backup's Summary offering "Back up every night", the schedule form it opens, the question before the runs'
     * key is installed, and the Schedules view a month on (one schedule failed last night: the sidebar says so).
     */
    private static void schedules(String page, Path home) throws Exception {
        Path key = Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519");
        Files.writeString(key, "not a real key");
        ProfileStore profiles = new ProfileStore(home.resolve("config"));
        dev.lifeboat.engine.model.ConnectionProfile profile = new dev.lifeboat.engine.model.ConnectionProfile(
                "srv-a", "srv-a.example.org", 22, "root", AuthMethod.KEY_FILE, key.toString());
        profiles.save(profile);
        FakeBackupEngine backup = new FakeBackupEngine();
        dev.lifeboat.ui.schedules.FakeScheduleEngine schedules = new dev.lifeboat.ui.schedules.FakeScheduleEngine();
        schedules.aMonthOn(java.time.Instant.now(), page.equals("schedules"));
        Platform.startup(() -> {});
        ActionFlow[] flows = new ActionFlow[1];
        SchedulesFlow[] sflows = new SchedulesFlow[1];
        Stage window = fx(() -> {
            WizardController wizard = new WizardController();
            Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
            ActionFlow flow = new ActionFlow(wizard, p -> {}, profiles, home);
            SchedulesFlow sflow = new SchedulesFlow(
                    wizard, schedules, profiles, home, new dev.lifeboat.engine.schedule.Launch(List.of("lifeboat")));
            flow.backup().offerAfterBackup(stack -> sflow.offer(profile, stack));
            Stage s = new Stage();
            s.setTitle(LifeboatApp.TITLE);
            Scene scene = new Scene(frame, 1024, 700);
            scene.getStylesheets()
                    .add(LifeboatApp.class.getResource("lifeboat.css").toExternalForm());
            s.setScene(scene);
            s.setOnHidden(e -> Platform.exit());
            flow.open(backup, FakeBackupEngine.stack());
            sflow.start();
            flows[0] = flow;
            sflows[0] = sflow;
            return s;
        });
        Scene scene = window.getScene();
        await(() -> scene.lookup("#sidebar-schedule-lab-overleaf") != null);
        if (page.equals("schedules")) {
            fx(() -> {
                sflows[0].showSchedule("lab-overleaf");
                return null;
            });
            await(() -> sflows[0].view().viewModel().chartProperty().get() != null);
            show(window);
            return;
        }
        fx(() -> next(scene));
        await(() -> flows[0].backup().plan().viewModel().stateProperty().get() == PlanViewModel.State.READY);
        fx(() -> next(scene));
        await(() -> !((Button) scene.lookup("#nextButton")).isDisabled()
                && ((Button) scene.lookup("#nextButton")).getText().equals("Summary"));
        fx(() -> next(scene));
        if (page.equals("summary-schedule")) {
            show(window);
            return;
        }
        fx(() -> {
            ((Button) scene.lookup("#offerButton")).fire();
            return null;
        });
        var form = sflows[0].form().viewModel();
        await(() -> form.canSaveProperty().get());
        show(window);
        if (page.equals("schedule-key")) {
            Thread.sleep(500);
            fx(() -> next(scene));
        }
    }

    /** The Connect page of the real window, a saved server chosen (its key file made up in the demo's home). */
    private static void connect(Path home) throws Exception {
        Path key = Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519");
        Files.writeString(key, "not a real key");
        new ProfileStore(home.resolve("config"))
                .save(new dev.lifeboat.engine.model.ConnectionProfile(
                        "Papermerge at the lab", "srv-a.example.org", 22, "root", AuthMethod.KEY_FILE, key.toString()));
        Platform.startup(() -> {});
        Stage window = fx(() -> {
            Stage s = new Stage();
            s.setTitle(LifeboatApp.TITLE);
            s.setScene(LifeboatApp.createScene(
                    dev.lifeboat.engine.config.AppDirs.from(java.util.Map.of("LIFEBOAT_HOME", home.toString()), home),
                    home));
            s.setOnHidden(e -> Platform.exit());
            return s;
        });
        show(window);
        fx(() -> {
            @SuppressWarnings("unchecked")
            var list = (javafx.scene.control.ListView<Object>) window.getScene().lookup(".profile-list");
            list.getSelectionModel().select(0);
            return null;
        });
    }

    private static String next(Scene scene) {
        ((Button) scene.lookup("#nextButton")).fire();
        return null;
    }

    private static void show(Stage stage) throws Exception {
        fx(() -> {
            stage.show();
            return null;
        });
    }

    private static void await(Supplier<Boolean> condition) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < end) {
            if (Boolean.TRUE.equals(fx(condition::get))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the demo did not reach its page in 30 s");
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        FutureTask<T> t = new FutureTask<>(work);
        Platform.runLater(t);
        return t.get();
    }
}
