package dev.lifeboat.ui.scheduleform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.schedule.Launch;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.SchedulerKind;
import dev.lifeboat.ui.schedules.FakeScheduleEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleSaverTest {
    private static final ConnectionProfile PROFILE =
            new ConnectionProfile("srv-a", "srv-a.example.org", 22, "root", AuthMethod.AGENT, "");
    private static final Channel DESKTOP = new Channel(
            "desktop", Channel.Type.DESKTOP, false, null, null, null, null, null, null, null, null, null, null, null);

    @TempDir
    Path config;

    private final FakeScheduleEngine engine = new FakeScheduleEngine();
    private final List<String> progress = new ArrayList<>();

    private static Schedule draft() {
        return new Schedule(
                "srv-a-papermerge",
                "srv-a",
                "/opt/papermerge",
                "daily 03:00",
                "weekly Sun 04:00",
                null,
                List.of("desktop"),
                SchedulerKind.SYSTEMD_USER,
                null,
                null,
                "none",
                "2026-12-07T09:00:00Z",
                false);
    }

    private ScheduleSaver saver() {
        return new ScheduleSaver(engine, new ProfileStore(config), new Launch(List.of("lifeboat")));
    }

    @Test
    void theRunsOwnKeyIsInstalledOnceAgreedThenTheLoginIsTriedThenEverythingIsSaved() throws Exception {
        List<String> asked = new ArrayList<>();
        ScheduleSaver.Saved saved = saver().save(
                        new ScheduleSaver.Request(draft(), PROFILE, true, true, null, List.of(DESKTOP)),
                        Prompter.NONE,
                        (key, p) -> {
                            asked.add(key.fingerprint() + " for " + p.address());
                            assertTrue(engine.keysInstalled.isEmpty(), "asked before it is installed");
                            return true;
                        },
                        progress::add);
        assertEquals(List.of(FakeScheduleEngine.FINGERPRINT + " for root@srv-a.example.org"), asked);
        assertEquals(List.of("root@srv-a.example.org " + FakeScheduleEngine.PUBLIC_KEY), engine.keysInstalled);
        Schedule s = saved.schedule();
        assertEquals("/home/admin/.config/lifeboat/keys/srv-a_ed25519", s.keyFile());
        assertEquals(
                "/home/admin/.config/lifeboat/keys/srv-a_ed25519",
                engine.loginsChecked.get(0).keyFile());
        assertEquals(List.of(s), engine.installed);
        assertEquals(List.of(DESKTOP), engine.channels);
        assertEquals(List.of(PROFILE), new ProfileStore(config).list(), "the runs read the profile");
        assertEquals("none", s.secrets());
        assertEquals("Installing the systemd-user schedule …", progress.get(progress.size() - 1), progress.toString());
    }

    @Test
    void aDeclinedKeyLeavesNothingInstalledOrSaved() throws Exception {
        EngineException e = assertThrows(EngineException.class, () -> saver().save(
                        new ScheduleSaver.Request(draft(), PROFILE, true, true, null, List.of(DESKTOP)),
                        Prompter.NONE,
                        (key, p) -> false,
                        progress::add));
        assertTrue(e.getMessage().startsWith("The key was not installed on root@srv-a.example.org"), e.getMessage());
        assertTrue(engine.keysInstalled.isEmpty());
        assertTrue(engine.loginsChecked.isEmpty());
        assertTrue(engine.installed.isEmpty());
        assertTrue(engine.channels.isEmpty());
        assertTrue(new ProfileStore(config).list().isEmpty());
    }

    @Test
    void theAdminsKeyFileIsUsedAsItIsWithoutAQuestion() throws Exception {
        ScheduleSaver.Saved saved = saver().save(
                        new ScheduleSaver.Request(
                                draft(), PROFILE, false, false, "/home/admin/.ssh/id_ed25519", List.of()),
                        Prompter.NONE,
                        (key, p) -> {
                            throw new AssertionError("no key of Lifeboat's is made or installed");
                        },
                        progress::add);
        assertEquals("/home/admin/.ssh/id_ed25519", saved.schedule().keyFile());
        assertTrue(engine.calls.stream().noneMatch(c -> c.startsWith("profileKey")), engine.calls.toString());
        assertTrue(new ProfileStore(config).list().isEmpty(), "a saved profile is not saved again");
    }
}
