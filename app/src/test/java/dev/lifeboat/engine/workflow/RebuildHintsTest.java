package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.engine.store.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After a restore, the admin is told what to rebuild: every rebuildable component the snapshot does not hold. */
class RebuildHintsTest {
    private static Manifest.ComponentEntry entry(String path, String cls, String kind, String saved, String rebuild) {
        return new Manifest.ComponentEntry(
                path, cls, kind, "copy", saved, null, null, null, null, null, null, "a note", rebuild);
    }

    private static Manifest manifest(List<Manifest.ComponentEntry> components) {
        return new Manifest(1, null, "x", null, null, null, null, components, List.of(), null, List.of(), null, null);
    }

    @Test
    void aRebuildableComponentWithAHintIsToldWhateverItsKindAndTheRestAreNot() {
        Manifest m = manifest(List.of(
                entry("/opt/papermerge/index", "rebuildable", "files", "skipped", "paper-cli index"),
                entry("/opt/papermerge/media", "backup", "files", "copied", null),
                entry("/opt/papermerge/cache", "ephemeral", "files", "skipped", null),
                entry("/var/lib/docker/volumes/x_search/_data", "rebuildable", "opensearch", "skipped", null),
                entry("/var/lib/docker/volumes/x_other/_data", "rebuildable", "files", "skipped", null)));
        assertEquals(
                List.of(
                        "Rebuild /opt/papermerge/index now that the application runs (it is not in the snapshot):"
                                + " paper-cli index.",
                        "The search index /var/lib/docker/volumes/x_search/_data is not in the snapshot (rebuildable):"
                                + " have the application rebuild it (a note)."),
                RestoreWorkflow.rebuildHints(m));
    }
}
