package dev.lifeboat.cli;

import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A password or token given ahead of time in a file ({@code --password-file}, {@code --secret-file}) instead of
 * typed on the terminal: the CLI's one way to read one.
 */
final class SecretFile {
    private SecretFile() {}

    /**
     * The first line of {@code file}, without its line break; empty when the file is.
     *
     * @param what the file as the error names it: {@code Could not read WHAT: ...}
     */
    static char[] firstLine(Path file, String what) throws EngineException {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? new char[0] : lines.get(0).toCharArray();
        } catch (IOException e) {
            throw new EngineException("Could not read " + what + ": " + e.getMessage());
        }
    }
}
