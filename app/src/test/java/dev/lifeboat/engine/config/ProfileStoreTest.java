package dev.lifeboat.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {
    @TempDir
    Path dir;

    @Test
    void savedProfilesComeBackSortedByName() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        store.save(new ConnectionProfile("zeta", "z.example", 22, "root", AuthMethod.AGENT, ""));
        store.save(new ConnectionProfile("Alpha", "a.example", 2222, "admin", AuthMethod.KEY_FILE, "/k"));
        assertEquals(
                List.of("Alpha", "zeta"),
                store.list().stream().map(ConnectionProfile::name).toList());
        assertEquals("admin@a.example:2222", store.list().get(0).address());
    }

    @Test
    void savingUnderAnExistingNameReplacesIt() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        store.save(new ConnectionProfile("lab", "old.example", 22, "root", AuthMethod.AGENT, ""));
        store.save(new ConnectionProfile("lab", "new.example", 22, "root", AuthMethod.AGENT, ""));
        assertEquals(1, store.list().size());
        assertEquals("new.example", store.list().get(0).host());
        store.delete("lab");
        assertTrue(store.list().isEmpty());
    }

    @Test
    void profilesNeverContainPasswords() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        store.save(new ConnectionProfile("lab", "h", 22, "u", AuthMethod.PASSWORD, ""));
        assertFalse(Files.readString(dir.resolve("profiles.json")).toLowerCase().contains("password\":"));
    }

    @Test
    void aBrokenFileGivesAClearErrorAndIsLeftAlone() throws Exception {
        Files.writeString(dir.resolve("profiles.json"), "{ not json");
        EngineException e = assertThrows(EngineException.class, () -> new ProfileStore(dir).list());
        assertTrue(e.getMessage().contains("profiles.json"), e.getMessage());
        assertEquals("{ not json", Files.readString(dir.resolve("profiles.json")));
    }

    @Test
    void appDirsFollowXdgAndTheLifeboatHomeOverride() {
        Path home = Path.of("/home/ann");
        AppDirs plain = AppDirs.from(Map.of(), home);
        assertEquals(Path.of("/home/ann/.config/lifeboat"), plain.config());
        assertEquals(Path.of("/home/ann/.local/state/lifeboat/logs"), plain.logs());
        assertEquals(Path.of("/home/ann/Lifeboat/snapshots"), plain.snapshots());
        assertEquals(
                Path.of("/x/lifeboat"),
                AppDirs.from(Map.of("XDG_CONFIG_HOME", "/x"), home).config());
        assertEquals(
                Path.of("/t/config"),
                AppDirs.from(Map.of("LIFEBOAT_HOME", "/t"), home).config());
    }
}
