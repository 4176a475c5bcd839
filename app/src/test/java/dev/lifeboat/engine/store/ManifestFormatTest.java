package dev.lifeboat.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest's format is checked on read (docs/snapshot-format.md, "Versions and compatible changes"). */
class ManifestFormatTest {
    @TempDir
    Path dir;

    private Path snapshot(String json) throws Exception {
        Path s = Files.createDirectories(dir.resolve("20261206T120000Z"));
        Files.writeString(s.resolve(SnapshotStore.MANIFEST), json);
        return s;
    }

    @Test
    void aNewerFormatIsRefusedWithWhatToDo() throws Exception {
        Path s = snapshot("{\"format\": 2, \"id\": \"20261206T120000Z\", \"somethingNew\": {\"a\": 1}}");
        EngineException e = assertThrows(EngineException.class, () -> SnapshotStore.readManifest(s));
        assertTrue(e.getMessage().contains("written by a newer Lifeboat (snapshot format 2"), e.getMessage());
        assertTrue(e.getMessage().contains("install a newer Lifeboat"), e.getMessage());
    }

    @Test
    void aFieldThisVersionDoesNotKnowIsACompatibleChangeAndIgnored() throws Exception {
        Path s = snapshot("{\"format\": 1, \"id\": \"20261206T120000Z\", \"addedLater\": [1, 2],"
                + " \"components\": [{\"path\": \"/opt/a\", \"componentClass\": \"backup\", \"kind\": \"files\","
                + " \"saved\": \"copied\", \"alsoNew\": true}]}");
        Manifest m = SnapshotStore.readManifest(s);
        assertEquals("20261206T120000Z", m.id());
        assertEquals("/opt/a", m.components().get(0).path());
    }

    @Test
    void aManifestWithoutAFormatIsNotALifeboatManifest() throws Exception {
        Path s = snapshot("{\"id\": \"20261206T120000Z\"}");
        EngineException e = assertThrows(EngineException.class, () -> SnapshotStore.readManifest(s));
        assertTrue(e.getMessage().contains("is not a Lifeboat manifest"), e.getMessage());
    }
}
