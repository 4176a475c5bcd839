package dev.lifeboat.ui.run;

import dev.lifeboat.ui.BackupFlow;
import dev.lifeboat.ui.LifeboatApp;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.backup.StreamingBackupEngine;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.wizard.WizardController;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

/**
 * A developer aid for looking at the Run page's log pane without a server: the real wizard window (1024x700) on the
 * Run page, a fake backup inside its downtime window, and three containers logging made-up Papermerge lines, so that
 * {@code ../shared/tools/screenshot} can take a picture of it. The argument picks the pane's state: {@code follow}
 * (the default), {@code find} (a search with its matches marked), {@code filter}, {@code paused}.
 *
 * <p>Not the README's picture of the Run page, which is the real window against the testbed ({@code WizardTour}).
 */
public final class RunPageDemo {
    private static final DateTimeFormatter ACCESS =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RunPageDemo() {}

    public static void main(String[] args) throws Exception {
        String state = args.length == 0 ? "follow" : args[0];
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Platform.startup(() -> {});
        StreamingBackupEngine engine = new StreamingBackupEngine(
                List.of("container:papermerge", "container:worker", "container:papermerge", "container:db"),
                rate,
                0,
                RunPageDemo::line);
        BackupFlow flow = fx(() -> {
            WizardController wizard = new WizardController();
            Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
            BackupFlow f = new BackupFlow(wizard, p -> {}, () -> {});
            Stage stage = new Stage();
            stage.setTitle(LifeboatApp.TITLE);
            Scene scene = new Scene(frame, 1024, 700);
            scene.getStylesheets()
                    .add(LifeboatApp.class.getResource("lifeboat.css").toExternalForm());
            stage.setScene(scene);
            stage.setOnHidden(e -> {
                engine.stop();
                Platform.exit();
            });
            wizard.show(f.run());
            stage.show();
            f.run().start(engine, FakeBackupEngine.plan());
            return f;
        });
        engine.awaitStreaming();
        RunViewModel vm = flow.run().viewModel();
        while (!fx(() -> vm.sources().contains("container:papermerge"))) {
            Thread.sleep(20);
        }
        Thread.sleep(1200);
        fx(() -> {
            vm.logs().selectedSourceProperty().set("container:papermerge");
            Scene scene = flow.run().view().getScene();
            switch (state) {
                case "find" -> {
                    TextField find = (TextField) scene.lookup("#searchField");
                    find.requestFocus();
                    find.setText("POST");
                }
                case "filter" -> vm.logs().filterProperty().set("api/documents");
                case "paused" -> vm.logs().pause();
                default -> {}
            }
            return null;
        });
    }

    /** Lines as Papermerge's web app (gunicorn), its worker (celery) and PostgreSQL write them. */
    private static String line(String source, long seq) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        int doc = (int) (seq * 7 % 480) + 20;
        return switch (source) {
            case "container:worker" -> "[" + now.toLocalTime().withNano(0) + ": INFO/ForkPoolWorker-" + (seq % 4 + 1)
                    + "] Task papermerge.core.tasks.ocr_document[" + Long.toHexString(seq * 2654435761L)
                    + "] succeeded in " + (seq % 9 + 1) / 10.0 + "s";
            case "container:db" -> now.toLocalTime().withNano(0) + " UTC [" + (60 + seq % 9)
                    + "] LOG:  checkpoint complete: wrote " + (seq % 37) + " buffers";
            default -> {
                String request = seq % 7 == 3
                        ? "POST /api/documents/" + doc + "/upload/ HTTP/1.1\" 201 "
                        : seq % 5 == 1
                                ? "GET /api/documents/?page=" + (seq % 9 + 1) + " HTTP/1.1\" 200 "
                                : "GET /api/documents/" + doc + "/thumbnail/ HTTP/1.1\" 200 ";
                yield "10.200.0." + (seq % 5 + 2) + " - admin [" + ACCESS.format(now) + "] \"" + request
                        + (1200 + seq * 31 % 9000);
            }
        };
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        FutureTask<T> t = new FutureTask<>(work);
        Platform.runLater(t);
        return t.get();
    }
}
