package dev.lifeboat.ui;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.schedule.Launch;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.engine.service.ScheduleService;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.scheduleform.ScheduleFormController;
import dev.lifeboat.ui.scheduleform.ScheduleFormViewModel;
import dev.lifeboat.ui.scheduleform.ScheduleSaver;
import dev.lifeboat.ui.schedules.ScheduleOffers;
import dev.lifeboat.ui.schedules.SchedulesController;
import dev.lifeboat.ui.schedules.SchedulesViewModel;
import dev.lifeboat.ui.schedules.When;
import dev.lifeboat.ui.summary.Offer;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/**
 * The window's part of unattended runs (issue 18): the schedule form a backup's Summary offers, the Schedules view,
 * and the schedules at a glance in the sidebar, read again every {@value #REFRESH_SECONDS} s (a schedule becomes
 * overdue by the clock alone). Loads each page once. FX thread only.
 */
public final class SchedulesFlow {
    /** How often the sidebar's glance is read again. */
    public static final int REFRESH_SECONDS = 60;

    private final WizardController wizard;
    private final ProfileStore profiles;
    private final ScheduleFormController form;
    private final SchedulesController view;
    private final Timeline refresher;
    private List<ScheduleStatus> known = List.of();

    /**
     * @param launch how a scheduled run starts this Lifeboat ({@link Launch#current()})
     */
    public SchedulesFlow(
            WizardController wizard, ScheduleService service, ProfileStore profiles, Path home, Launch launch) {
        this.wizard = wizard;
        this.profiles = profiles;
        form = new ScheduleFormController(
                new ScheduleFormViewModel(), service, new ScheduleSaver(service, profiles, launch), home);
        Fxml.load(SchedulesFlow.class, "scheduleform/ScheduleFormPage.fxml", form);
        view = new SchedulesController(new SchedulesViewModel(ZoneId.systemDefault()), service, launch);
        Fxml.load(SchedulesFlow.class, "schedules/SchedulesPage.fxml", view);
        view.onStatus(statuses -> {
            known = List.copyOf(statuses);
            wizard.schedules(view.viewModel().glance(Instant.now()));
        });
        view.onDone(() -> {
            if (!wizard.back()) {
                wizard.status("Connect to a server to back up another application.");
            }
        });
        form.onSaved(saved -> {
            showSchedule(saved.schedule().name());
            wizard.status("Saved the schedule " + saved.schedule().name() + ": "
                    + saved.check().application() + ", logging in alone as "
                    + saved.check().where() + ".");
        });
        wizard.onSchedules(this::showSchedules);
        wizard.onSchedule(this::showSchedule);
        refresher = new Timeline(new KeyFrame(Duration.seconds(REFRESH_SECONDS), e -> view.refresh()));
        refresher.setCycleCount(Timeline.INDEFINITE);
    }

    /** Reads the schedules for the sidebar now and every {@value #REFRESH_SECONDS} s. */
    public void start() {
        view.refresh();
        refresher.play();
    }

    /** Stops reading them (the window closes). */
    public void stop() {
        refresher.stop();
    }

    /** Shows the Schedules view, read again. */
    public void showSchedules() {
        wizard.show(view);
        view.refresh();
    }

    /** Shows the Schedules view with one schedule chosen. */
    public void showSchedule(String name) {
        view.select(name);
        showSchedules();
    }

    /** Shows the schedule form for an application on a profile's server, with the defaults. */
    public void openForm(ConnectionProfile profile, DetectedStack stack) {
        form.open(profile, saved(profile), stack);
        wizard.show(form);
    }

    private boolean saved(ConnectionProfile p) {
        try {
            return profiles.list().contains(p);
        } catch (EngineException e) {
            return false;
        }
    }

    /**
     * What the Summary of a backup of {@code stack} on {@code profile}'s server offers: the schedule form, or the
     * Schedules view when the application has a schedule already; nothing without a profile.
     */
    public Offer offer(ConnectionProfile profile, DetectedStack stack) {
        if (profile == null) {
            return null;
        }
        Optional<ScheduleStatus> has = ScheduleOffers.existing(known, profile.name(), stack.installDir());
        if (has.isPresent()) {
            ScheduleStatus s = has.get();
            return new Offer(
                    "Scheduled",
                    stack.displayName() + " is backed up unattended ("
                            + s.schedule().backup()
                            + (s.nextBackup() == null
                                    ? ", paused"
                                    : ", next " + When.next(s.nextBackup(), Instant.now()))
                            + ").",
                    "Show schedules",
                    () -> showSchedule(s.schedule().name()));
        }
        return new Offer(
                "Back up every night",
                "Let this computer back " + stack.displayName() + " up every night at 03:00, rehearse the restore"
                        + " every Sunday, and tell you only when something fails.",
                "Back up every night",
                () -> openForm(profile, stack));
    }

    public ScheduleFormController form() {
        return form;
    }

    public SchedulesController view() {
        return view;
    }
}
