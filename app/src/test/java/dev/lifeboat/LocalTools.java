package dev.lifeboat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.opentest4j.AssertionFailedError;

/**
 * Programs a test starts on this computer. A missing one FAILS the test with what to install: scripts/test-all
 * installs every one of them from the package list in {@code scripts/lib.sh}, so a missing program is a missing
 * install step, never a reason to skip.
 */
public final class LocalTools {
    private LocalTools() {}

    /** The program's path on the PATH; fails the test, naming the Debian package, when it is not installed. */
    public static Path require(String program, String debianPackage) {
        return find(program)
                .orElseThrow(() -> new AssertionFailedError(program + " is not installed on this computer. Install it"
                        + " (sudo apt-get install " + debianPackage + ") or run scripts/test-all, which installs"
                        + " every package of scripts/lib.sh's list."));
    }

    static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
