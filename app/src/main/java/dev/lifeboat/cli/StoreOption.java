package dev.lifeboat.cli;

import dev.lifeboat.engine.service.Lifeboat;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store DIR}, for the commands that read the snapshot store. */
final class StoreOption {
    @Option(names = "--store", paramLabel = "DIR", description = "The snapshot store (default: ~/Lifeboat/snapshots).")
    Path dir;

    /** Lifeboat with this command's store. */
    Lifeboat lifeboat(Lifeboat lifeboat) {
        return lifeboat.withStore(dir);
    }
}
