package dev.lifeboat.ui.detected;

import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.model.Evidence;
import dev.lifeboat.engine.stacks.Detection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and decisions of the Detected stack page: what was found, which stack is shown, the card's texts, the table
 * rows and the evidence. No controls here; FX thread only.
 */
public final class DetectedViewModel {

    /** Where the page is. */
    public enum State {
        IDLE,
        PROBING,
        DONE,
        FAILED,
        CANCELLED
    }

    private static final Map<String, String> EDITIONS = Map.of(
            "ce", "Community Edition",
            "server-pro", "Server Pro",
            "enterprise", "Enterprise Edition",
            "developer", "Developer Edition");

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final StringProperty message = new SimpleStringProperty("");
    private final ObservableList<DetectedStack> stacks = FXCollections.observableArrayList();
    private final ObjectProperty<DetectedStack> selected = new SimpleObjectProperty<>();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty edition = new SimpleStringProperty("");
    private final StringProperty version = new SimpleStringProperty("");
    private final StringProperty installDir = new SimpleStringProperty("");
    private final StringProperty summary = new SimpleStringProperty("");
    private final ObservableList<ComponentRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> evidence = FXCollections.observableArrayList();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final BooleanProperty evidenceShown = new SimpleBooleanProperty(false);
    private final StringProperty readNote = new SimpleStringProperty("");
    private final BooleanProperty closedToLogin = new SimpleBooleanProperty(false);
    private final BooleanProperty rootOffered = new SimpleBooleanProperty(false);
    private final BooleanBinding lookAsRootShown = rootOffered.and(closedToLogin);
    private final BooleanBinding choiceNeeded = Bindings.size(stacks).greaterThan(1);
    private final BooleanBinding canGoNext = state.isEqualTo(State.DONE).and(selected.isNotNull());

    public DetectedViewModel() {
        selected.addListener((obs, old, now) -> fill(now));
    }

    /** Detection has started on {@code where} (e.g. "admin@srv-a" or a folder). */
    public void probing(String where) {
        state.set(State.PROBING);
        message.set("Looking at " + where + " … (three requests: files, configuration, sizes)");
        stacks.clear();
        problems.clear();
        readNote.set("");
        closedToLogin.set(false);
        selected.set(null);
    }

    /** Detection finished. The first stack is shown; with several, the page offers a choice. */
    public void show(Detection detection) {
        stacks.setAll(detection.stacks());
        problems.setAll(detection.problems());
        closedToLogin.set(detection.problems().stream().anyMatch(DetectedViewModel::closedToLogin));
        if (closedToLogin.get()) {
            readNote.set("Some folders are closed to this login: what is in them, and their sizes (—), is missing.");
        } else if (!detection.problems().isEmpty()) {
            readNote.set(detection.problems().size() + " things could not be read; \"Why this stack?\" lists them.");
        } else {
            readNote.set("");
        }
        state.set(State.DONE);
        if (detection.stacks().isEmpty()) {
            message.set("No known application and no compose project found. Looked at: "
                    + String.join("; ", detection.lookedAt()));
        } else if (detection.stacks().size() > 1) {
            message.set(detection.stacks().size() + " applications found on this server. Choose the one to work on.");
        } else {
            message.set("");
        }
        selected.set(detection.stacks().isEmpty() ? null : detection.stacks().get(0));
    }

    /** Detection failed with a message for people. */
    public void fail(String why) {
        state.set(State.FAILED);
        message.set("Detection failed: " + why);
    }

    /** The user cancelled. */
    public void cancelled() {
        state.set(State.CANCELLED);
        message.set("Detection cancelled.");
    }

    private void fill(DetectedStack s) {
        if (s == null) {
            name.set("");
            edition.set("");
            version.set("");
            installDir.set("");
            summary.set("");
            rows.clear();
            evidence.clear();
            return;
        }
        name.set(s.displayName());
        edition.set(s.edition() == null ? "" : EDITIONS.getOrDefault(s.edition(), s.edition()));
        version.set(s.version() == null ? "version unknown" : "version " + s.version());
        installDir.set(s.installDir());
        List<ComponentRow> r = new ArrayList<>();
        s.components().forEach(c -> r.add(ComponentRow.of(c)));
        rows.setAll(r);
        summary.set(summaryOf(s));
        List<String> why = new ArrayList<>();
        for (Evidence e : s.evidence()) {
            why.add("+" + e.weight() + "  " + e.what());
        }
        problems.forEach(p -> why.add("could not read: " + p));
        evidence.setAll(why);
    }

    /** Whether a detection problem says a folder is closed to the login user (find's and stat's wording). */
    static boolean closedToLogin(String problem) {
        String p = problem.toLowerCase(java.util.Locale.ROOT);
        return p.contains("permission denied") || p.contains("closed to this login");
    }

    /** Whether the page may offer to look again as root (the login is not root). */
    public void offerRoot(boolean offered) {
        rootOffered.set(offered);
    }

    /** What could not be read, in one sentence; "" when everything could. */
    public StringProperty readNoteProperty() {
        return readNote;
    }

    /** True when looking again as root would show more. */
    public BooleanBinding lookAsRootShownProperty() {
        return lookAsRootShown;
    }

    /** E.g. "12 components · backup 4 (3.4 MB) · ephemeral 6 (120 MB)". */
    static String summaryOf(DetectedStack s) {
        Map<ComponentClass, long[]> totals = new EnumMap<>(ComponentClass.class);
        for (Component c : s.components()) {
            long[] t = totals.computeIfAbsent(c.componentClass(), k -> new long[2]);
            t[0]++;
            t[1] += c.sizeBytes().orElse(0);
        }
        StringBuilder sb = new StringBuilder(s.components().size() + " components");
        totals.forEach((cls, t) -> sb.append(" · ")
                .append(cls.jsonName())
                .append(' ')
                .append(t[0])
                .append(" (")
                .append(ByteSizes.human(t[1]))
                .append(')'));
        return sb.toString();
    }

    /** A label for a stack in the choice, e.g. "Overleaf in /srv/overleaf". */
    public static String choiceLabel(DetectedStack s) {
        return s.displayName() + " in " + s.installDir();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public StringProperty messageProperty() {
        return message;
    }

    public ObservableList<DetectedStack> stacks() {
        return stacks;
    }

    public ObjectProperty<DetectedStack> selectedProperty() {
        return selected;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty editionProperty() {
        return edition;
    }

    public StringProperty versionProperty() {
        return version;
    }

    public StringProperty installDirProperty() {
        return installDir;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public ObservableList<ComponentRow> rows() {
        return rows;
    }

    public ObservableList<String> evidence() {
        return evidence;
    }

    public ObservableList<String> problems() {
        return problems;
    }

    public BooleanProperty evidenceShownProperty() {
        return evidenceShown;
    }

    public BooleanBinding choiceNeededProperty() {
        return choiceNeeded;
    }

    public BooleanBinding canGoNextProperty() {
        return canGoNext;
    }
}
