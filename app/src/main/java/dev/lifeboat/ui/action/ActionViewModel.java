package dev.lifeboat.ui.action;

import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.engine.service.SnapshotPlaces;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Verifier;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
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
 * State and decisions of the Action page: what can be done with the application (backup, restore, drill, migrate,
 * upgrade), what the chosen action needs (a snapshot, the agreement to overwrite, a version), and the newest snapshots
 * with their last verification and drill. No controls here; FX thread only.
 */
public final class ActionViewModel {
    /** How many snapshots the browser lists. */
    public static final int SNAPSHOTS_SHOWN = 3;

    /** The Where column while the off-site repositories are being asked. */
    public static final String ASKING = "…";

    /** One thing the wizard can do with an application. */
    public enum Action {
        BACKUP(
                "Back up",
                "Copy the files while the site runs, stop it for seconds, dump its databases, start it again.",
                "Plan the backup"),
        RESTORE(
                "Restore",
                "Put the chosen snapshot back onto this server: what runs there now is replaced.",
                "Plan the restore"),
        DRILL(
                "Drill",
                "Restore the chosen snapshot into a throw-away copy beside the live site, check it, remove it.",
                "Plan the drill"),
        MIGRATE(
                "Migrate",
                "Move the application to another server, under a new site URL if you like.",
                "Choose the new server"),
        UPGRADE(
                "Upgrade",
                "Try a new version on a throw-away copy, then upgrade the live site with a way back.",
                "Plan the upgrade");

        private final String title;
        private final String description;
        private final String next;

        Action(String title, String description, String next) {
            this.title = title;
            this.description = description;
            this.next = next;
        }

        public String title() {
            return title;
        }

        public String description() {
            return description;
        }

        /** The Next button's text while this action is chosen. */
        public String next() {
            return next;
        }

        /** Whether it works on a snapshot chosen in the browser. */
        public boolean needsSnapshot() {
            return this == RESTORE || this == DRILL;
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
     * @param verified e.g. {@code ok 2026-12-01 10:00}, {@code FAILED …} or {@code at backup}; for a damaged snapshot
     *     {@code DAMAGED: } and why
     * @param drill the last drill, e.g. {@code passed, 2026-12-01 10:05}, or {@code never}
     * @param drillDetail where it ran and how long it took, or what went wrong; empty when never drilled
     * @param where {@code here}, {@code both (NAME, ...)} as {@code lifeboat snapshots} says it, or {@link #ASKING}
     *     while the off-site repositories are being asked
     */
    public record SnapshotRow(
            SnapshotInfo info,
            String time,
            String size,
            String newDisk,
            String downtime,
            String verified,
            String drill,
            String drillDetail,
            String where) {
        /** Whether the snapshot is damaged: it is shown, and cannot be restored or drilled. */
        public boolean damaged() {
            return info.damaged();
        }
    }

    private final ZoneId zone;
    private final ObjectProperty<DetectedStack> stack = new SimpleObjectProperty<>();
    private final ObjectProperty<Action> chosen = new SimpleObjectProperty<>(Action.BACKUP);
    private final ObservableList<SnapshotRow> snapshots = FXCollections.observableArrayList();
    private final ObjectProperty<SnapshotRow> selectedSnapshot = new SimpleObjectProperty<>();
    private final StringProperty snapshotMessage = new SimpleStringProperty("");
    private final StringProperty offsiteMessage = new SimpleStringProperty("");
    private final BooleanProperty offsiteProblem = new SimpleBooleanProperty(false);
    /** What the off-site repositories hold; null while they are being asked. */
    private SnapshotPlaces places;

    private final BooleanProperty loading = new SimpleBooleanProperty(false);
    private final BooleanProperty verifying = new SimpleBooleanProperty(false);
    private final DoubleProperty verifyProgress = new SimpleDoubleProperty(0);
    private final StringProperty verifyMessage = new SimpleStringProperty("");
    private final BooleanProperty verifyFailed = new SimpleBooleanProperty(false);
    private final StringProperty where = new SimpleStringProperty("");
    private final BooleanProperty restoreAvailable = new SimpleBooleanProperty(false);
    private final BooleanProperty overwriteConfirmed = new SimpleBooleanProperty(false);
    private final StringProperty actionHint = new SimpleStringProperty("");
    private final StringProperty overwriteText = new SimpleStringProperty("");
    private final BooleanProperty upgradeAvailable = new SimpleBooleanProperty(false);
    private final StringProperty upgradeVersion = new SimpleStringProperty("");
    private final ObservableList<String> upgradeChoices = FXCollections.observableArrayList();
    private final StringProperty upgradeCurrent = new SimpleStringProperty("");
    /** Whether the versions on the server were asked for the application shown. */
    private boolean upgradeOfferAsked;

    private long verifyTotal;
    private final BooleanBinding canGoNext;
    private final BooleanBinding canVerify;
    private final BooleanBinding asksOverwrite;
    private final StringBinding nextLabel;

    public ActionViewModel() {
        this(ZoneId.systemDefault());
    }

    public ActionViewModel(ZoneId zone) {
        this.zone = zone;
        canGoNext = Bindings.createBooleanBinding(
                this::nextAllowed,
                stack,
                chosen,
                verifying,
                selectedSnapshot,
                overwriteConfirmed,
                restoreAvailable,
                upgradeAvailable,
                upgradeVersion);
        canVerify = selectedSnapshot.isNotNull().and(verifying.not());
        asksOverwrite = chosen.isEqualTo(Action.RESTORE)
                .and(Bindings.createBooleanBinding(
                        () -> selectedSnapshot.get() != null
                                && !selectedSnapshot.get().damaged(),
                        selectedSnapshot))
                .and(restoreAvailable);
        nextLabel = Bindings.createStringBinding(() -> chosen.get().next(), chosen);
        // The agreement to overwrite is for one action on one snapshot: choosing again asks again.
        chosen.addListener((obs, old, now) -> overwriteConfirmed.set(false));
        selectedSnapshot.addListener((obs, old, now) -> {
            if (old == null
                    || now == null
                    || !old.info().path().equals(now.info().path())) {
                overwriteConfirmed.set(false);
            }
        });
        javafx.beans.InvalidationListener words = obs -> updateWords();
        chosen.addListener(words);
        selectedSnapshot.addListener(words);
        restoreAvailable.addListener(words);
        stack.addListener(words);
        where.addListener(words);
        loading.addListener(words);
        upgradeVersion.addListener(words);
        upgradeCurrent.addListener(words);
        upgradeAvailable.addListener(words);
        updateWords();
    }

    private boolean nextAllowed() {
        if (stack.get() == null || verifying.get()) {
            return false;
        }
        Action a = chosen.get();
        if (a == Action.BACKUP) {
            return true;
        }
        if (a == Action.UPGRADE) {
            return upgradeAvailable.get() && !upgradeVersion.get().isBlank();
        }
        if (!restoreAvailable.get()) {
            return false;
        }
        if (a.needsSnapshot() && selectedSnapshot.get() == null) {
            return false;
        }
        if (a.needsSnapshot() && selectedSnapshot.get().damaged()) {
            return false; // the engine refuses it too; the hint says why
        }
        return a != Action.RESTORE || overwriteConfirmed.get();
    }

    /** What the chosen action will do with the selection, and the overwrite question, in words. */
    private void updateWords() {
        String app = stack.get() == null ? "the application" : stack.get().displayName();
        String server = where.get();
        SnapshotRow r = selectedSnapshot.get();
        Action a = chosen.get();
        overwriteText.set(
                r == null
                        ? ""
                        : "Replace " + app + " on " + server + " with the snapshot of " + r.time()
                                + ": what its files and databases hold now is overwritten, and what changed since"
                                + " then is lost.");
        if (a == Action.UPGRADE) {
            actionHint.set(upgradeHint(app));
            return;
        }
        if (a != Action.BACKUP && !restoreAvailable.get()) {
            actionHint.set(a.title() + " needs a server connection: connect on the first page.");
            return;
        }
        if (a.needsSnapshot() && r == null) {
            actionHint.set(
                    loading.get()
                            ? "Reading the snapshots …"
                            : snapshots.isEmpty()
                                    ? "There is no snapshot of " + app + " yet: back up first."
                                    : "Choose the snapshot in the list below.");
            return;
        }
        if (a.needsSnapshot() && r.damaged()) {
            actionHint.set(
                    "The snapshot of " + r.time() + " is damaged (" + r.info().reason() + "): it cannot be"
                            + " restored or drilled. Choose another one, or verify it to see everything that differs.");
            return;
        }
        actionHint.set(
                switch (a) {
                    case BACKUP -> "A new snapshot goes into the store; the next page shows every step first.";
                    case RESTORE -> "Puts the snapshot of " + r.time() + " back onto " + server
                            + ". The site is down while it runs.";
                    case DRILL -> "Restores the snapshot of " + r.time() + " into a copy on " + server
                            + " (its own compose project, no published ports), checks it and removes it. The live"
                            + " site is not touched.";
                    case MIGRATE -> "Next asks for the new server and the site URL there. The migration takes a"
                            + " fresh snapshot on the way; " + server + " stays stopped afterwards.";
                    case UPGRADE -> upgradeHint(app);
                });
    }

    /** What an upgrade will do, or what it still needs. */
    private String upgradeHint(String app) {
        if (!upgradeAvailable.get()) {
            return "Upgrade needs a server connection: connect on the first page.";
        }
        String v = upgradeVersion.get().strip();
        if (v.isEmpty()) {
            return "Type the version to upgrade " + app + " to, or choose one whose images the server has already.";
        }
        return "First a snapshot, then " + v + " rehearsed on a throw-away copy beside the live site (the site runs"
                + " all along). Only if the copy comes up healthy is " + app + " upgraded, after a last snapshot with"
                + " the site stopped: the way back if the new version fails.";
    }

    /** The version the upgrade goes to, as typed or chosen. */
    public String upgradeTarget() {
        return upgradeVersion.get().strip();
    }

    /** True the first time the page asks for the versions on the server for the application shown. */
    public boolean askUpgradeOffer() {
        if (upgradeOfferAsked || !upgradeAvailable.get() || stack.get() == null) {
            return false;
        }
        upgradeOfferAsked = true;
        upgradeCurrent.set("Reading the versions on the server …");
        return true;
    }

    /**
     * The server answered: {@code current} the version that runs (null when it cannot be told), {@code newer} the
     * newer versions it has images of, newest first; the newest is proposed when nothing was typed.
     */
    public void upgradeOfferRead(String current, List<String> newer) {
        upgradeChoices.setAll(newer);
        if (upgradeVersion.get().isBlank() && !newer.isEmpty()) {
            upgradeVersion.set(newer.get(0));
        }
        String name = stack.get() == null ? "The application" : stack.get().displayName();
        upgradeCurrent.set(
                current == null
                        ? "Lifeboat cannot tell which version runs: the plan says why."
                        : name + " runs " + current + ". "
                                + (newer.isEmpty()
                                        ? "The server has no newer image yet: type the version (it is pulled first)."
                                        : "The server has the images of " + String.join(", ", newer)
                                                + " already; another version is pulled first."));
    }

    /** The versions could not be read: a version can still be typed. */
    public void upgradeOfferFailed(String why) {
        upgradeCurrent.set("Could not read the versions on the server (" + why + "): type the version.");
    }
    /** What Next starts for a restore, drill or migration (a migration's server is chosen on the next page). */
    public RestoreRequest request() {
        SnapshotRow r = selectedSnapshot.get();
        return switch (chosen.get()) {
            case RESTORE -> RestoreRequest.restore(stack.get(), r.info(), overwriteConfirmed.get());
            case DRILL -> RestoreRequest.drill(stack.get(), r.info());
            case MIGRATE -> RestoreRequest.migrate(stack.get());
            case BACKUP, UPGRADE -> throw new IllegalStateException(
                    "a backup or an upgrade is planned from the stack alone");
        };
    }

    /** The page opens for {@code s} on {@code server}; its snapshots are being read. */
    public void open(DetectedStack s, String server) {
        open(s, server, false);
    }

    /**
     * The page opens for {@code s} on {@code server}; its snapshots are being read.
     *
     * @param restores whether restore, drill and migration can run (the engine for them is there)
     */
    public void open(DetectedStack s, String server, boolean restores) {
        open(s, server, restores, false);
    }

    /**
     * The page opens for {@code s} on {@code server}; its snapshots are being read.
     *
     * @param restores whether restore, drill and migration can run (the engine for them is there)
     * @param upgrades whether an upgrade can run
     */
    public void open(DetectedStack s, String server, boolean restores, boolean upgrades) {
        restoreAvailable.set(restores);
        upgradeAvailable.set(upgrades);
        upgradeOfferAsked = false;
        upgradeVersion.set("");
        upgradeChoices.clear();
        upgradeCurrent.set("");
        stack.set(s);
        where.set(server);
        chosen.set(Action.BACKUP);
        overwriteConfirmed.set(false);
        snapshots.clear();
        selectedSnapshot.set(null);
        verifyMessage.set("");
        verifyFailed.set(false);
        loading.set(true);
        snapshotMessage.set("Reading the snapshot store …");
        places = null;
        offsiteMessage.set("");
        offsiteProblem.set(false);
    }

    /** The snapshots were read, newest first. */
    public void snapshotsRead(List<SnapshotInfo> list) {
        loading.set(false);
        snapshots.setAll(list.stream().limit(SNAPSHOTS_SHOWN).map(this::row).toList());
        // The newest one that can be restored is chosen; a damaged one is shown, not chosen.
        selectedSnapshot.set(snapshots.stream()
                .filter(r -> !r.damaged())
                .findFirst()
                .orElse(snapshots.isEmpty() ? null : snapshots.get(0)));
        String name = stack.get() == null ? "this application" : stack.get().displayName();
        long damaged = snapshots.stream().filter(SnapshotRow::damaged).count();
        snapshotMessage.set(
                list.isEmpty()
                        ? "No snapshot of " + name + " yet. The first backup makes one."
                        : "The newest " + Math.min(list.size(), SNAPSHOTS_SHOWN) + " of " + name + "."
                                + (damaged == 0
                                        ? ""
                                        : " " + damaged
                                                + (damaged == 1
                                                        ? " of them is damaged: it cannot"
                                                        : " of them are damaged: they cannot")
                                                + " be restored or drilled."));
    }

    /** The store could not be read. */
    public void snapshotsFailed(String why) {
        loading.set(false);
        snapshots.clear();
        snapshotMessage.set("Could not read the snapshot store: " + why);
    }

    /**
     * The off-site repositories answered: each row says where its snapshot is, and the line under the table names the
     * snapshots only a repository has and the repositories that could not be read (their copies are unknown, so the
     * rows say "here", never "gone").
     */
    public void placesRead(SnapshotPlaces p) {
        places = p;
        rerow();
        String name = stack.get() == null ? "this application" : stack.get().displayName();
        List<String> lines = new java.util.ArrayList<>();
        int only = p.offsiteOnly().size();
        if (only > 0) {
            String repos = String.join(", ", p.offsiteOnlyRepositories());
            lines.add((only == 1 ? "1 more snapshot of " + name + " is" : only + " more snapshots of " + name + " are")
                    + " only off-site (" + repos + "), not in this list: 'lifeboat snapshots' lists "
                    + (only == 1 ? "it" : "them") + ", 'lifeboat restore --from "
                    + p.offsiteOnlyRepositories().get(0)
                    + "' brings one back.");
        }
        for (String problem : p.problems()) {
            lines.add("Could not read the off-site repository " + sentence(problem) + " What it holds is not known:"
                    + " the list says \"here\" for what this computer has.");
        }
        offsiteProblem.set(!p.problems().isEmpty());
        offsiteMessage.set(String.join("\n", lines));
    }

    /** The list of off-site repositories could not be read: the rows say "here", the line under the table why. */
    public void placesFailed(String why) {
        places = SnapshotPlaces.NONE;
        rerow();
        offsiteProblem.set(true);
        offsiteMessage.set("Could not ask the off-site repositories: " + sentence(why)
                + " The list says \"here\" for what this" + " computer has.");
    }

    /** The text with a full stop at its end. */
    private static String sentence(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t : t + ".";
    }

    /** Builds the rows again (their Where changed); the chosen snapshot stays chosen. */
    private void rerow() {
        SnapshotRow chosenRow = selectedSnapshot.get();
        for (int i = 0; i < snapshots.size(); i++) {
            SnapshotRow old = snapshots.get(i);
            SnapshotRow now = new SnapshotRow(
                    old.info(),
                    old.time(),
                    old.size(),
                    old.newDisk(),
                    old.downtime(),
                    old.verified(),
                    old.drill(),
                    old.drillDetail(),
                    whereText(old.info()));
            snapshots.set(i, now);
            if (old == chosenRow) {
                selectedSnapshot.set(now);
            }
        }
    }

    /** {@code here}, {@code both (NAME)}, or {@link #ASKING} while the repositories have not answered. */
    private String whereText(SnapshotInfo s) {
        return places == null ? ASKING : places.where(s.id());
    }

    SnapshotRow row(SnapshotInfo s) {
        return new SnapshotRow(
                s,
                localTime(s.started()),
                ByteSizes.human(s.sizeBytes()),
                ByteSizes.human(s.newDiskBytes()),
                s.damaged() ? "—" : seconds(s.downtimeMillis()),
                s.damaged() ? "DAMAGED: " + s.reason() : verifiedText(s.verified()),
                drillText(s.lastDrill()),
                drillDetail(s.lastDrill()),
                whereText(s));
    }

    /** A drill record as "passed, 2026-12-01 10:05", "FAILED, …" or "never". */
    String drillText(DrillRecord d) {
        if (d == null) {
            return "never";
        }
        return (d.passed() ? "passed, " : "FAILED, ") + localTime(d.at());
    }

    /** E.g. "on root@srv-a: restored in 12.0 s, 30.0 s in all" and, for a failed one, its first problem. */
    static String drillDetail(DrillRecord d) {
        if (d == null) {
            return "";
        }
        String s = "on " + d.target() + ": restored in " + seconds(d.restoreMillis()) + ", " + seconds(d.millis())
                + " in all";
        if (!d.problems().isEmpty()) {
            s += "; " + d.problems().size() + " problems, e.g. " + d.problems().get(0);
        }
        if (!d.leftBehind().isEmpty()) {
            s += "; left behind: " + String.join(", ", d.leftBehind());
        }
        return s;
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

    /**
     * The line under the table about the off-site copies: the snapshots only a repository has, the repositories that
     * could not be read; empty when there is nothing to say.
     */
    public StringProperty offsiteMessageProperty() {
        return offsiteMessage;
    }

    /** True when a repository (or their list) could not be read. */
    public BooleanProperty offsiteProblemProperty() {
        return offsiteProblem;
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

    /** True when restore, drill and migration can run from here. */
    public BooleanProperty restoreAvailableProperty() {
        return restoreAvailable;
    }

    /** The user agreed that the restore replaces what runs on the server now. */
    public BooleanProperty overwriteConfirmedProperty() {
        return overwriteConfirmed;
    }

    /** True while the page asks to agree to the overwrite (a restore of a chosen snapshot). */
    public BooleanBinding asksOverwriteProperty() {
        return asksOverwrite;
    }

    /** The overwrite question, naming the application, the server and the snapshot. */
    public StringProperty overwriteTextProperty() {
        return overwriteText;
    }

    /** What the chosen action does with the selection, or what it still needs. */
    public StringProperty actionHintProperty() {
        return actionHint;
    }

    /** The Next button's text for the chosen action. */
    public StringBinding nextLabelProperty() {
        return nextLabel;
    }

    /** True when an upgrade can run from here. */
    public BooleanProperty upgradeAvailableProperty() {
        return upgradeAvailable;
    }

    /** The version to upgrade to, as typed or chosen. */
    public StringProperty upgradeVersionProperty() {
        return upgradeVersion;
    }

    /** The newer versions the server has images of, newest first. */
    public ObservableList<String> upgradeChoices() {
        return upgradeChoices;
    }

    /** The version that runs and what the server has, in words; empty before an upgrade is chosen. */
    public StringProperty upgradeCurrentProperty() {
        return upgradeCurrent;
    }

    public BooleanBinding canGoNextProperty() {
        return canGoNext;
    }

    public BooleanBinding canVerifyProperty() {
        return canVerify;
    }
}
