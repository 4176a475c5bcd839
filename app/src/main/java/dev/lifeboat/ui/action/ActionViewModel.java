package dev.lifeboat.ui.action;

import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.ui.backup.SnapshotInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and decisions of the Action page: what can be done with the application (only backup exists yet) and its
 * newest snapshots, with their verification. No controls here; FX thread only.
 */
public final class ActionViewModel {
    /** How many snapshots the browser lists. */
    public static final int SNAPSHOTS_SHOWN = 3;

    /** One thing the wizard can do with an application. */
    public enum Action {
        BACKUP(
                "Back up",
                "Copy the files while the site runs, stop it for seconds, dump its databases, start it again.",
                true),
        RESTORE(
                "Restore",
                "Put a snapshot back onto this server or an empty one. Coming: not in this version yet.",
                false),
        DRILL(
                "Drill",
                "Restore a snapshot into a throw-away copy and check it starts. Coming: not in this version yet.",
                false),
        MIGRATE(
                "Migrate",
                "Move the application to another server with a new site URL. Coming: not in this version yet.",
                false);

        private final String title;
        private final String description;
        private final boolean available;

        Action(String title, String description, boolean available) {
            this.title = title;
            this.description = description;
            this.available = available;
        }

        public String title() {
            return title;
        }

        public String description() {
            return description;
        }

        public boolean available() {
            return available;
        }
    }

    /**
     * One snapshot, in words.
     *
     * @param info the snapshot
     * @param time local time it was taken, e.g. {@code 2026-12-01 09:15}
     * @param size e.g. {@code 1.2 GB}
     * @param newDisk what only this snapshot holds on disk
     * @param downtime e.g. {@code 4.2 s}
     * @param verified e.g. {@code ok 2026-12-01 10:00}, {@code FAILED …} or {@code at backup}
     */
    public record SnapshotRow(
            SnapshotInfo info, String time, String size, String newDisk, String downtime, String verified) {}

    private final ZoneId zone;
    private final ObjectProperty<DetectedStack> stack = new SimpleObjectProperty<>();
    private final ObjectProperty<Action> chosen = new SimpleObjectProperty<>(Action.BACKUP);
    private final ObservableList<SnapshotRow> snapshots = FXCollections.observableArrayList();
    private final ObjectProperty<SnapshotRow> selectedSnapshot = new SimpleObjectProperty<>();
    private final StringProperty snapshotMessage = new SimpleStringProperty("");
    private final BooleanProperty loading = new SimpleBooleanProperty(false);
    private final BooleanProperty verifying = new SimpleBooleanProperty(false);
    private final DoubleProperty verifyProgress = new SimpleDoubleProperty(0);
    private final StringProperty verifyMessage = new SimpleStringProperty("");
    private final BooleanProperty verifyFailed = new SimpleBooleanProperty(false);
    private final StringProperty where = new SimpleStringProperty("");
    private long verifyTotal;
    private final BooleanBinding canGoNext;
    private final BooleanBinding canVerify;

    public ActionViewModel() {
        this(ZoneId.systemDefault());
    }

    public ActionViewModel(ZoneId zone) {
        this.zone = zone;
        canGoNext = stack.isNotNull().and(chosen.isEqualTo(Action.BACKUP)).and(verifying.not());
        canVerify = selectedSnapshot.isNotNull().and(verifying.not());
    }

    /** The page opens for {@code s} on {@code server}; its snapshots are being read. */
    public void open(DetectedStack s, String server) {
        stack.set(s);
        where.set(server);
        chosen.set(Action.BACKUP);
        snapshots.clear();
        selectedSnapshot.set(null);
        verifyMessage.set("");
        verifyFailed.set(false);
        loading.set(true);
        snapshotMessage.set("Reading the snapshot store …");
    }

    /** The snapshots were read, newest first. */
    public void snapshotsRead(List<SnapshotInfo> list) {
        loading.set(false);
        snapshots.setAll(list.stream().limit(SNAPSHOTS_SHOWN).map(this::row).toList());
        selectedSnapshot.set(snapshots.isEmpty() ? null : snapshots.get(0));
        String name = stack.get() == null ? "this application" : stack.get().displayName();
        snapshotMessage.set(
                list.isEmpty()
                        ? "No snapshot of " + name + " yet. The first backup makes one."
                        : "The newest " + Math.min(list.size(), SNAPSHOTS_SHOWN) + " of " + name + ".");
    }

    /** The store could not be read. */
    public void snapshotsFailed(String why) {
        loading.set(false);
        snapshots.clear();
        snapshotMessage.set("Could not read the snapshot store: " + why);
    }

    SnapshotRow row(SnapshotInfo s) {
        return new SnapshotRow(
                s,
                localTime(s.started()),
                ByteSizes.human(s.sizeBytes()),
                ByteSizes.human(s.newDiskBytes()),
                seconds(s.downtimeMillis()),
                verifiedText(s.verified()));
    }

    /** An ISO-8601 instant as local time to the minute; the text as it is when it is not one. */
    String localTime(String iso) {
        try {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                    .withZone(zone)
                    .format(Instant.parse(iso));
        } catch (DateTimeParseException | NullPointerException e) {
            return iso == null ? "—" : iso;
        }
    }

    /** {@code verified.txt}'s line ("INSTANT ok") as "ok, 2026-12-01 10:00". */
    String verifiedText(String recorded) {
        String[] parts = recorded.split(" ", 2);
        if (parts.length == 2 && parts[0].contains("T")) {
            return parts[1] + ", " + localTime(parts[0]);
        }
        return recorded;
    }

    /** Milliseconds as seconds with one decimal, e.g. {@code 4.2 s}. */
    public static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** A verification of the selected snapshot started. */
    public void verifyStarted() {
        SnapshotRow r = selectedSnapshot.get();
        verifyTotal = r == null ? 0 : r.info().sizeBytes();
        verifying.set(true);
        verifyFailed.set(false);
        verifyProgress.set(verifyTotal > 0 ? 0 : -1);
        verifyMessage.set("Verifying " + (r == null ? "" : r.time()) + " … (reads every byte)");
    }

    /** How many bytes the running verification has read; called on a timer. */
    public void verifyRead(long bytes) {
        if (verifying.get() && verifyTotal > 0) {
            verifyProgress.set(Math.min(1.0, (double) bytes / verifyTotal));
            verifyMessage.set("Verifying … " + ByteSizes.human(bytes) + " of " + ByteSizes.human(verifyTotal));
        }
    }

    /** The verification ended; the browser shows it as the snapshot's last one. */
    public void verified(Verifier.Result r, SnapshotInfo reread) {
        verifying.set(false);
        verifyProgress.set(1);
        verifyFailed.set(!r.ok());
        verifyMessage.set(
                r.ok()
                        ? "Intact: " + r.dumps() + " dumps and " + r.files() + " files match the manifest ("
                                + ByteSizes.human(r.bytes()) + " read)."
                        : "FAILED: " + r.problems().size() + " differences, e.g. "
                                + r.problems().get(0));
        if (reread != null) {
            for (int i = 0; i < snapshots.size(); i++) {
                if (snapshots.get(i).info().path().equals(reread.path())) {
                    SnapshotRow now = row(reread);
                    snapshots.set(i, now);
                    selectedSnapshot.set(now);
                }
            }
        }
    }

    /** The verification could not run. */
    public void verifyError(String why) {
        verifying.set(false);
        verifyFailed.set(true);
        verifyMessage.set("Could not verify: " + why);
    }

    /** The user stopped the verification. */
    public void verifyCancelled() {
        verifying.set(false);
        verifyMessage.set("Verification cancelled.");
    }

    public ObjectProperty<DetectedStack> stackProperty() {
        return stack;
    }

    public ObjectProperty<Action> chosenProperty() {
        return chosen;
    }

    public ObservableList<SnapshotRow> snapshots() {
        return snapshots;
    }

    public ObjectProperty<SnapshotRow> selectedSnapshotProperty() {
        return selectedSnapshot;
    }

    public StringProperty snapshotMessageProperty() {
        return snapshotMessage;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public BooleanProperty verifyingProperty() {
        return verifying;
    }

    public DoubleProperty verifyProgressProperty() {
        return verifyProgress;
    }

    public StringProperty verifyMessageProperty() {
        return verifyMessage;
    }

    public BooleanProperty verifyFailedProperty() {
        return verifyFailed;
    }

    public StringProperty whereProperty() {
        return where;
    }

    public BooleanBinding canGoNextProperty() {
        return canGoNext;
    }

    public BooleanBinding canVerifyProperty() {
        return canVerify;
    }
}
