package dev.lifeboat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the log folder cannot be written (a service account with no home, a read-only {@code XDG_STATE_HOME}),
 * standard output still carries only what the command prints: logging problems go to standard error at most. Runs
 * the real launcher in a fresh JVM, since logging is set up once per JVM.
 */
class LoggingTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Launcher.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().remove("LIFEBOAT_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");
        return new Run(
                p.exitValue(),
                Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    /** A state folder nobody, not even root, can create: its parent is a regular file. */
    private Map<String, String> unwritableState() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        return Map.of(
                "XDG_STATE_HOME",
                file.resolve("state").toString(),
                "HOME",
                file.resolve("home").toString());
    }

    @Test
    void versionPrintsOnlyTheVersionWhenTheLogFolderCannotBeWritten() throws Exception {
        Run r = launch(unwritableState(), "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Lifeboat "), r.out());
        assertEquals(3, r.out().lines().count(), "the version, Java and the heap: " + r.out());
        assertFalse(r.out().contains("logback") || r.out().contains("ERROR"), r.out());
    }

    @Test
    void detectJsonStaysOneDocumentWhenTheLogFolderCannotBeWritten() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Run r = launch(unwritableState(), "detect", "--fs", tree.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        // Throws if anything but the one document is on stdout.
        new ObjectMapper().readTree(r.out());
        assertTrue(r.out().strip().startsWith("{") && r.out().strip().endsWith("}"), r.out());
    }
}
