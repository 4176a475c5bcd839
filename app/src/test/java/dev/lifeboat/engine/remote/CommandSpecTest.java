package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandSpecTest {

    @Test
    void shellLineQuotesOnlyWhatNeedsIt() {
        CommandSpec c = CommandSpec.read("ls", "-la", "/srv/my files", "it's", "");
        assertEquals("ls -la '/srv/my files' 'it'\\''s' ''", c.toShellLine());
    }

    @Test
    void secretsAreRefusedInArgumentsAndMaskedInDisplay() {
        assertThrows(IllegalArgumentException.class, () -> CommandSpec.write("mysqldump", "-pS3cret")
                .withSecret("MYSQL_PWD", "S3cret"));
        CommandSpec c = CommandSpec.write("sh", "-c", "mysqldump -uroot --all-databases")
                .withSecret("MYSQL_PWD", "S3cret")
                .asRoot()
                .withTimeout(Duration.ofMinutes(5));
        assertFalse(c.display().contains("S3cret"));
        assertTrue(c.display().startsWith("sudo sh -c"), c.display());
        assertTrue(c.display().endsWith("[secrets: MYSQL_PWD]"), c.display());
        assertEquals("error near **** in line 3", c.mask("error near S3cret in line 3"));
        assertTrue(c.mutating());
        assertEquals(List.of("sh", "-c", "mysqldump -uroot --all-databases"), c.args());
    }

    @Test
    void aCommandNeedsAProgramAndValidSecretNames() {
        assertThrows(IllegalArgumentException.class, () -> CommandSpec.read(List.of()));
        assertThrows(IllegalArgumentException.class, () -> CommandSpec.read("x").withSecret("BAD-NAME", "v"));
    }
}
