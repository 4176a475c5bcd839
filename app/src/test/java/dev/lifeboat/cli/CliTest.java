package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void versionPrintsTheProductVersion() {
        assertEquals(ExitCodes.OK, run("--version"));
        assertTrue(out.toString().startsWith("Lifeboat "), out.toString());
    }

    @Test
    void helpListsTheExitCodes() {
        assertEquals(ExitCodes.OK, run("--help"));
        assertTrue(out.toString().contains("Usage: lifeboat"), out.toString());
        assertTrue(out.toString().contains("130  cancelled"), out.toString());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("frobnicate"));
        assertTrue(err.toString().contains("frobnicate"), err.toString());
    }

    /** A snapshot id that names nothing is a mistake in the command: exit 2, and where the list is. */
    @Test
    void anUnknownSnapshotIsAUsageErrorForVerifyRestoreAndDrill(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path store) {
        for (String[] args : new String[][] {
            {"verify", "20990101T000000Z", "--store", store.toString()},
            {"restore", "20990101T000000Z", "root@192.0.2.1", "--store", store.toString(), "--batch"},
            {"drill", "20990101T000000Z", "--store", store.toString(), "--batch"},
        }) {
            err.getBuffer().setLength(0);
            assertEquals(ExitCodes.USAGE, run(args), args[0] + ": " + err);
            assertTrue(
                    err.toString().contains("No snapshot 20990101T000000Z in " + store)
                            && err.toString().contains("lifeboat snapshots"),
                    err.toString());
        }
    }
}
