package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RemoteScriptTest {
    private static final String DIR = "/tmp/.lifeboat-abc";

    @Test
    void secretsAndTheSudoPasswordGoOnlyToStdinInOrder() {
        CommandSpec spec = CommandSpec.read("sh", "-c", "mysqldump -p\"$DB_PW\" app")
                .withSecret("DB_PW", "hunter2")
                .asRoot();
        RemoteScript.Launch l = RemoteScript.build(spec, DIR, RemoteScript.SudoMode.PASSWORD, "sudo-pw".toCharArray());
        assertFalse(l.commandLine().contains("hunter2"));
        assertFalse(l.commandLine().contains("sudo-pw"));
        assertEquals("sudo-pw\nhunter2\n", new String(l.preamble(), StandardCharsets.UTF_8));
        assertTrue(l.commandLine().contains("sudo -k -S -p '' -- sh -c"), l.commandLine());
        assertTrue(l.commandLine().contains("IFS= read -r DB_PW || exit 124; export DB_PW;"), l.commandLine());
        assertTrue(
                l.commandLine().endsWith("lifeboat " + DIR + " sh -c 'mysqldump -p\"$DB_PW\" app'"), l.commandLine());
    }

    @Test
    void plainCommandHasNoSudoAndAnEmptyPreamble() {
        RemoteScript.Launch l =
                RemoteScript.build(CommandSpec.read("ls", "-l", "/a b"), DIR, RemoteScript.SudoMode.NONE, null);
        assertEquals(0, l.preamble().length);
        assertFalse(l.commandLine().contains("sudo"));
        assertTrue(l.commandLine().startsWith("sh -c "));
        assertTrue(l.commandLine().endsWith("lifeboat " + DIR + " ls -l '/a b'"), l.commandLine());
    }

    @Test
    void passwordlessSudoUsesNonInteractiveSudo() {
        RemoteScript.Launch l =
                RemoteScript.build(CommandSpec.read("id").asRoot(), DIR, RemoteScript.SudoMode.NO_PASSWORD, null);
        assertTrue(l.commandLine().contains(" sudo -n -- sh -c "), l.commandLine());
    }

    @Test
    void secretWithALineBreakIsRefused() {
        CommandSpec spec = CommandSpec.read("true").withSecret("X", "a\nb");
        assertThrows(
                IllegalArgumentException.class, () -> RemoteScript.build(spec, DIR, RemoteScript.SudoMode.NONE, null));
    }

    @Test
    void killLineNamesTheRunDirectoryAndEscalatesFromTermToKill() {
        String k = RemoteScript.killLine(DIR, RemoteScript.SudoMode.NONE);
        assertTrue(k.endsWith("lifeboat-kill " + DIR), k);
        assertTrue(k.contains("for s in TERM KILL"), k);
    }
}
