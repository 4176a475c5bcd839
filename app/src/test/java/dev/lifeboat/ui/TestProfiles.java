package dev.lifeboat.ui;

import dev.lifeboat.engine.config.ProfileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A folder of saved profiles of a test's own, never the user's. */
public final class TestProfiles {
    private static Path home;

    private TestProfiles() {}

    /** A home folder of the tests' own, made once per run. */
    public static synchronized Path home() {
        if (home == null) {
            try {
                home = Files.createTempDirectory("lifeboat-test-home");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return home;
    }

    public static ProfileStore store() {
        return new ProfileStore(home().resolve("config"));
    }
}
