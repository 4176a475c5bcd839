package dev.lifeboat.ui.scheduleform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.SchedulerKind;
import dev.lifeboat.engine.service.ScheduleService;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.schedules.FakeScheduleEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleFormViewModelTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final ConnectionProfile AGENT =
            new ConnectionProfile("srv-a", "srv-a.example.org", 22, "root", AuthMethod.AGENT, "");
    private final FakeScheduleEngine engine = new FakeScheduleEngine();

    @TempDir
    Path home;

    /** The form opened, its scheduler found and both default calendars read as the fake scheduler reads them. */
    private ScheduleFormViewModel opened(List<Channel> known) {
        ScheduleFormViewModel vm = new ScheduleFormViewModel();
        vm.open(AGENT, true, FakeBackupEngine.stack(), known);
        vm.schedulerRead(SchedulerKind.SYSTEMD_USER);
        read(vm.backup(), vm);
        read(vm.drillCalendar(), vm);
        return vm;
    }

    private void read(CalendarPreview c, ScheduleFormViewModel vm) {
        String text = c.textProperty().get();
        try {
            c.read(text, engine.readCalendar(text, vm.schedulerProperty().get(), 3), NOW);
        } catch (IllegalArgumentException e) {
            c.refused(text, e.getMessage());
        }
    }

    @Test
    void theFormOpensWithEveryNightAtThreeADrillOnSundayAndADesktopNotification() {
        ScheduleFormViewModel vm = new ScheduleFormViewModel();
        vm.open(AGENT, true, FakeBackupEngine.stack(), List.of());
        assertEquals("Finding this computer's scheduler …", vm.problemProperty().get(), "Save waits for it");
        vm.schedulerRead(SchedulerKind.SYSTEMD_USER);
        assertEquals(
                "Reading the backup calendar as the scheduler does …",
                vm.problemProperty().get());
        read(vm.backup(), vm);
        read(vm.drillCalendar(), vm);
        assertEquals("", vm.problemProperty().get());
        assertTrue(vm.canSaveProperty().get());
        assertEquals("OnCalendar=*-*-* 03:00:00", vm.backup().asReadProperty().get());
        assertEquals(
                "OnCalendar=Sun *-*-* 04:00:00",
                vm.drillCalendar().asReadProperty().get());
        assertTrue(vm.drillCalendar().nextProperty().get().startsWith("next: "));
        assertEquals("srv-a-papermerge", vm.nameProperty().get());
        assertEquals(ScheduleFormViewModel.Login.OWN_KEY, vm.loginProperty().get());
        assertEquals(1, vm.channels().size());
        ChannelChoice desktop = vm.channels().get(0);
        assertEquals("desktop", desktop.name());
        assertFalse(desktop.saved());
        assertTrue(desktop.chosenProperty().get());

        Schedule s = vm.draft(NOW);
        assertEquals("daily 03:00", s.backup());
        assertEquals("weekly Sun 04:00", s.drill());
        assertEquals("/opt/papermerge", s.app());
        assertEquals("srv-a", s.profile());
        assertEquals(List.of("desktop"), s.channels());
        assertEquals(SchedulerKind.SYSTEMD_USER, s.scheduler());
        assertEquals("2026-12-07T09:00:00Z", s.created());
        ScheduleSaver.Request r = vm.request(NOW);
        assertTrue(r.ownKey());
        assertFalse(r.saveProfile());
        assertEquals(
                List.of("desktop"), r.newChannels().stream().map(Channel::name).toList());
    }

    @Test
    void aSavedDesktopChannelIsChosenAndOthersAreOfferedButNotChosen() {
        Channel mine = new Channel(
                "desktop",
                Channel.Type.DESKTOP,
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        Channel hc = new Channel(
                "hc",
                Channel.Type.HEALTHCHECKS,
                false,
                "https://hc-ping.com/x",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        ScheduleFormViewModel vm = opened(List.of(hc, mine));
        assertEquals(
                List.of("hc", "desktop"),
                vm.channels().stream().map(ChannelChoice::name).toList());
        assertEquals(List.of("desktop"), vm.draft(NOW).channels());
        assertTrue(vm.request(NOW).newChannels().isEmpty());

        Channel mail = new Channel(
                "mail",
                Channel.Type.EMAIL,
                false,
                null,
                "mail.example.org",
                587,
                "starttls",
                null,
                "a@x.org",
                List.of("b@x.org"),
                null,
                null,
                null,
                null);
        vm.channelAdded(mail);
        assertEquals(List.of("desktop", "mail"), vm.draft(NOW).channels());

        Channel taken = new Channel(
                "desktop",
                Channel.Type.NTFY,
                false,
                "https://ntfy.sh/t",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertEquals(
                "desktop-2",
                ScheduleFormViewModel.desktopChannel(List.of(taken)).name());
    }

    @Test
    void aCalendarTheSchedulerRefusesStopsSaveInItsWordsAndALateReadingOfOldTextIsIgnored() {
        ScheduleFormViewModel vm = opened(List.of());
        ScheduleService.CalendarReading oldReading = engine.readCalendar("daily 03:00", SchedulerKind.SYSTEMD_USER, 3);
        vm.backup().textProperty().set("every blue moon");
        assertFalse(vm.canSaveProperty().get(), "not read yet");
        vm.backup().read("daily 03:00", oldReading, NOW); // the answer to the text before
        assertEquals(CalendarPreview.State.CHECKING, vm.backup().stateProperty().get());
        read(vm.backup(), vm);
        assertEquals(CalendarPreview.State.REFUSED, vm.backup().stateProperty().get());
        assertEquals(
                "The backup calendar: systemd does not read \"every blue moon\" as a calendar: Invalid argument",
                vm.problemProperty().get());
        assertFalse(vm.canSaveProperty().get());

        vm.backup().textProperty().set("daily 02:30");
        read(vm.backup(), vm);
        assertTrue(vm.canSaveProperty().get());
        vm.drillCalendar().textProperty().set("every blue moon");
        read(vm.drillCalendar(), vm);
        assertFalse(vm.canSaveProperty().get());
        vm.drillProperty().set(false);
        assertTrue(vm.canSaveProperty().get(), "no drill: its calendar does not matter");
        assertNull(vm.draft(NOW).drill());
    }

    @Test
    void theAdminsKeyFileMustBeReadableAndAnUnsavedProfileIsSavedWithTheSchedule() throws Exception {
        ScheduleFormViewModel vm = new ScheduleFormViewModel();
        Path key = Files.writeString(home.resolve("id_ed25519"), "key");
        ConnectionProfile byKey =
                new ConnectionProfile("root@srv-b", "srv-b", 2222, "root", AuthMethod.KEY_FILE, key.toString());
        vm.open(byKey, false, FakeBackupEngine.stack(), List.of());
        vm.schedulerRead(SchedulerKind.CRON);
        read(vm.backup(), vm);
        read(vm.drillCalendar(), vm);
        assertEquals("cron 0 3 * * *", vm.backup().asReadProperty().get());
        assertEquals("root-srv-b-papermerge", vm.nameProperty().get());
        assertEquals(key.toString(), vm.keyFileProperty().get(), "the profile's key file is offered");
        vm.loginProperty().set(ScheduleFormViewModel.Login.KEY_FILE);
        assertTrue(vm.canSaveProperty().get());
        ScheduleSaver.Request r = vm.request(NOW);
        assertFalse(r.ownKey());
        assertEquals(key.toAbsolutePath().toString(), r.keyFile());
        assertTrue(r.saveProfile());
        vm.keyFileProperty().set(home.resolve("missing").toString());
        assertTrue(
                vm.problemProperty().get().startsWith("The key file "),
                vm.problemProperty().get());
        vm.keyFileProperty().set("");
        assertEquals(
                "Choose the key file the runs log in with, or let Lifeboat make one.",
                vm.problemProperty().get());
        vm.nameProperty().set("no spaces please");
        assertTrue(
                vm.problemProperty().get().startsWith("The schedule's name:"),
                vm.problemProperty().get());
    }

    @Test
    void aComputerWithoutASchedulerSaysSoAndSavesNothing() {
        ScheduleFormViewModel vm = new ScheduleFormViewModel();
        vm.open(AGENT, true, FakeBackupEngine.stack(), List.of());
        vm.schedulerFailed("This computer has no scheduler Lifeboat can use");
        assertEquals(
                "This computer has no scheduler Lifeboat can use",
                vm.problemProperty().get());
        assertEquals(
                "This computer has no scheduler Lifeboat can use",
                vm.schedulerTextProperty().get());
        assertFalse(vm.canSaveProperty().get());
    }
}
