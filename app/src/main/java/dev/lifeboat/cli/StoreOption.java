package dev.lifeboat.cli;

import dev.lifeboat.engine.store.SnapshotStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store DIR}, for the commands that read the snapshot store. */
final class StoreOption {
    @Option(names = "--store", paramLabel = "DIR", description = "The snapshot store (default: ~/Lifeboat/snapshots).")
    Path dir;

    SnapshotStore store() {
        return new SnapshotStore(dir == null ? SnapshotStore.defaultRoot() : dir);
    }
}
