package dev.lifeboat.ui.scheduleform;

import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.SchedulerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and decisions of the schedule form: when to back up and to drill (with the scheduler's reading of each), how
 * the runs log in, whom to tell, and the schedule that saving makes of it. Opens with the defaults an admin wants
 * most: every night at 03:00, a drill every Sunday at 04:00, a desktop notification when something fails, a key of
 * the runs' own. No controls here; FX thread only.
 */
public final class ScheduleFormViewModel {
    public static final String DEFAULT_BACKUP = "daily 03:00";
    public static final String DEFAULT_DRILL = "weekly Sun 04:00";
    /** The name of the desktop channel the form makes when none is saved. */
    public static final String DESKTOP_CHANNEL = "desktop";

    /** How the scheduled runs log in. */
    public enum Login {
        /** A key without passphrase Lifeboat makes for the profile, installed on the server once the admin agrees. */
        OWN_KEY,
        /** A key file of the admin's. */
        KEY_FILE
    }

    private final ObjectProperty<ConnectionProfile> profile = new SimpleObjectProperty<>();
    private final BooleanProperty profileSaved = new SimpleBooleanProperty(true);
    private final ObjectProperty<DetectedStack> stack = new SimpleObjectProperty<>();
    private final StringProperty name = new SimpleStringProperty("");
    private final CalendarPreview backup = new CalendarPreview(DEFAULT_BACKUP);
    private final BooleanProperty drill = new SimpleBooleanProperty(true);
    private final CalendarPreview drillCalendar = new CalendarPreview(DEFAULT_DRILL);
    private final ObjectProperty<SchedulerKind> scheduler = new SimpleObjectProperty<>();
    private final StringProperty schedulerError = new SimpleStringProperty("");
    private final ObjectProperty<Login> login = new SimpleObjectProperty<>(Login.OWN_KEY);
    private final StringProperty keyFile = new SimpleStringProperty("");
    private final ObservableList<ChannelChoice> channels =
            FXCollections.observableArrayList(c -> new Observable[] {c.chosenProperty()});
    private final BooleanProperty saving = new SimpleBooleanProperty(false);
    private final StringProperty saveStatus = new SimpleStringProperty("");
    private final StringProperty saveError = new SimpleStringProperty("");
    private final StringBinding problem;
    private final BooleanBinding canSave;
    private final StringBinding loginText;
    private final StringBinding schedulerText;

    public ScheduleFormViewModel() {
        problem = Bindings.createStringBinding(
                () -> validate().orElse(""),
                name,
                backup.stateProperty(),
                backup.errorProperty(),
                drill,
                drillCalendar.stateProperty(),
                drillCalendar.errorProperty(),
                scheduler,
                schedulerError,
                login,
                keyFile,
                profile);
        canSave = problem.isEmpty().and(saving.not());
        loginText = Bindings.createStringBinding(this::describeLogin, login, keyFile, profile);
        schedulerText = Bindings.createStringBinding(this::describeScheduler, scheduler, schedulerError);
    }

    /**
     * Opens the form for an application on a profile's server, with the defaults.
     *
     * @param saved whether the profile is saved already (else saving the schedule saves it: the runs read it)
     * @param known the saved notification channels
     */
    public void open(ConnectionProfile p, boolean saved, DetectedStack s, List<Channel> known) {
        profile.set(p);
        profileSaved.set(saved);
        stack.set(s);
        name.set(Schedule.defaultName(p.name(), s.installDir()));
        backup.textProperty().set(DEFAULT_BACKUP);
        drill.set(true);
        drillCalendar.textProperty().set(DEFAULT_DRILL);
        login.set(Login.OWN_KEY);
        keyFile.set(p.auth() == AuthMethod.KEY_FILE ? p.keyFile() : "");
        saving.set(false);
        saveStatus.set("");
        saveError.set("");
        channelsRead(known);
    }

    /** The saved notification channels were read: each is offered, the desktop's chosen (or made, when none is). */
    public void channelsRead(List<Channel> known) {
        channels.clear();
        boolean desktopSaved = false;
        for (Channel c : known) {
            boolean desktop = c.type() == Channel.Type.DESKTOP;
            desktopSaved |= desktop;
            channels.add(new ChannelChoice(c, true, desktop));
        }
        if (!desktopSaved) {
            channels.add(0, new ChannelChoice(desktopChannel(known), false, true));
        }
    }

    /** The desktop channel the form offers when none is saved, named so that it takes no saved channel's name. */
    static Channel desktopChannel(List<Channel> known) {
        String n = DESKTOP_CHANNEL;
        for (int i = 2; taken(known, n); i++) {
            n = DESKTOP_CHANNEL + "-" + i;
        }
        return new Channel(
                n, Channel.Type.DESKTOP, false, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static boolean taken(List<Channel> known, String n) {
        return known.stream().anyMatch(c -> c.name().equals(n));
    }

    /** A channel was saved from the form (an e-mail added): it is offered and chosen. */
    public void channelAdded(Channel c) {
        channels.removeIf(x -> x.name().equals(c.name()));
        channels.add(new ChannelChoice(c, true, true));
    }

    /** The scheduler this computer has; the previews follow it. */
    public void schedulerRead(SchedulerKind kind) {
        schedulerError.set("");
        scheduler.set(kind);
    }

    /** This computer has no scheduler Lifeboat can use. */
    public void schedulerFailed(String why) {
        scheduler.set(null);
        schedulerError.set(why);
    }

    /** What stops Save, in words; empty when the form may be saved. */
    Optional<String> validate() {
        if (!schedulerError.get().isEmpty()) {
            return Optional.of(schedulerError.get());
        }
        if (scheduler.get() == null) {
            return Optional.of("Finding this computer's scheduler …");
        }
        try {
            Schedule.checkName(name.get());
        } catch (IllegalArgumentException e) {
            return Optional.of("The schedule's name: " + e.getMessage() + ".");
        }
        Optional<String> b = calendarProblem("backup", backup);
        if (b.isPresent()) {
            return b;
        }
        if (drill.get()) {
            Optional<String> d = calendarProblem("drill", drillCalendar);
            if (d.isPresent()) {
                return d;
            }
        }
        if (login.get() == Login.KEY_FILE) {
            String k = keyFile.get().strip();
            if (k.isEmpty()) {
                return Optional.of("Choose the key file the runs log in with, or let Lifeboat make one.");
            }
            if (!Files.isReadable(Path.of(k))) {
                return Optional.of("The key file " + k + " cannot be read.");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> calendarProblem(String what, CalendarPreview c) {
        return switch (c.stateProperty().get()) {
            case READ -> Optional.empty();
            case CHECKING -> Optional.of("Reading the " + what + " calendar as the scheduler does …");
            case REFUSED -> Optional.of(
                    "The " + what + " calendar: " + c.errorProperty().get());
        };
    }

    private String describeLogin() {
        ConnectionProfile p = profile.get();
        String where = p == null ? "the server" : p.address();
        if (login.get() == Login.OWN_KEY) {
            return "Lifeboat makes a key without passphrase for these runs alone, shows it, and adds it to " + where
                    + "'s ~/.ssh/authorized_keys only once you agree.";
        }
        return "The runs log in to " + where + " with this key file alone; a passphrase it has is asked once and"
                + " kept in the desktop's secret store.";
    }

    private String describeScheduler() {
        if (!schedulerError.get().isEmpty()) {
            return schedulerError.get();
        }
        SchedulerKind k = scheduler.get();
        if (k == null) {
            return "Finding this computer's scheduler …";
        }
        return switch (k) {
            case SYSTEMD_USER -> "Fired by a systemd user timer, whether or not Lifeboat is open; a run missed while"
                    + " this computer slept runs when it wakes.";
            case SYSTEMD_SYSTEM -> "Fired by a systemd system timer, as root, whether or not anyone is logged in.";
            case CRON -> "Fired by a line of your crontab. cron does not catch up a run missed while the computer was"
                    + " off: the Schedules view says when one is overdue.";
        };
    }

    /** The channels the schedule tells, and those the form must save first. */
    public List<ChannelChoice> chosenChannels() {
        return channels.stream().filter(c -> c.chosenProperty().get()).toList();
    }

    /** The schedule this form makes, before its key file and secrets are known. */
    public Schedule draft(Instant now) {
        DetectedStack s = stack.get();
        return new Schedule(
                name.get().strip(),
                profile.get().name(),
                s.installDir(),
                backup.textProperty().get().strip(),
                drill.get() ? drillCalendar.textProperty().get().strip() : null,
                null,
                chosenChannels().stream().map(ChannelChoice::name).toList(),
                scheduler.get(),
                null,
                null,
                "none",
                now.truncatedTo(ChronoUnit.SECONDS).toString(),
                false);
    }

    /** What saving does, from this form. */
    public ScheduleSaver.Request request(Instant now) {
        return new ScheduleSaver.Request(
                draft(now),
                profile.get(),
                !profileSaved.get(),
                login.get() == Login.OWN_KEY,
                login.get() == Login.KEY_FILE
                        ? Path.of(keyFile.get().strip()).toAbsolutePath().toString()
                        : null,
                chosenChannels().stream()
                        .filter(c -> !c.saved())
                        .map(ChannelChoice::channel)
                        .toList());
    }

    /** Saving began. */
    public void savingStarted() {
        saving.set(true);
        saveError.set("");
        saveStatus.set("Saving …");
    }

    /** What saving does now, e.g. {@code Logging in as the runs will …}. */
    public void saveProgress(String what) {
        if (saving.get()) {
            saveStatus.set(what);
        }
    }

    /** Saving ended well. */
    public void saved(String what) {
        saving.set(false);
        saveStatus.set(what);
    }

    /** Saving stopped: nothing of the schedule is installed. */
    public void saveFailed(String why) {
        saving.set(false);
        saveStatus.set("");
        saveError.set(why);
    }

    public ObjectProperty<ConnectionProfile> profileProperty() {
        return profile;
    }

    public BooleanProperty profileSavedProperty() {
        return profileSaved;
    }

    public ObjectProperty<DetectedStack> stackProperty() {
        return stack;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public CalendarPreview backup() {
        return backup;
    }

    /** Whether the schedule rehearses the restore too. */
    public BooleanProperty drillProperty() {
        return drill;
    }

    public CalendarPreview drillCalendar() {
        return drillCalendar;
    }

    public ObjectProperty<SchedulerKind> schedulerProperty() {
        return scheduler;
    }

    public ObjectProperty<Login> loginProperty() {
        return login;
    }

    public StringProperty keyFileProperty() {
        return keyFile;
    }

    public ObservableList<ChannelChoice> channels() {
        return channels;
    }

    public BooleanProperty savingProperty() {
        return saving;
    }

    public StringProperty saveStatusProperty() {
        return saveStatus;
    }

    public StringProperty saveErrorProperty() {
        return saveError;
    }

    /** What stops Save; empty when nothing does. */
    public StringBinding problemProperty() {
        return problem;
    }

    public BooleanBinding canSaveProperty() {
        return canSave;
    }

    /** How the runs will log in, in a sentence. */
    public StringBinding loginTextProperty() {
        return loginText;
    }

    /** What fires the runs, in a sentence. */
    public StringBinding schedulerTextProperty() {
        return schedulerText;
    }
}
