package dev.lifeboat.engine.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.LocalTools;
import dev.lifeboat.engine.schedule.LocalProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where unattended runs' secrets are kept: 0600 files, systemd credentials (real systemd-creds), the unit's folder. */
class SecretsTest {
    @TempDir
    Path dir;

    @Test
    void aFileSecretIsReadableByItsOwnerAloneAndReadBack() throws Exception {
        Secrets s = new Secrets(dir.resolve("config"), dir.resolve("creds"), Map.of());
        s.store(Secrets.Where.FILE, "notify.mail", "pä55 word".toCharArray());
        Path f = dir.resolve("config/secrets/notify.mail");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())));
        assertArrayEquals("pä55 word".toCharArray(), s.read("notify.mail").orElseThrow());
        s.delete("notify.mail");
        assertEquals(Optional.empty(), s.read("notify.mail"));
    }

    @Test
    void aSystemTimersSecretIsEncryptedWithSystemdCredsAndTheUnitLoadsIt() throws Exception {
        LocalTools.require("systemd-creds", "systemd");
        Path creds = dir.resolve("creds");
        Secrets s = new Secrets(dir.resolve("config"), creds, Map.of());
        s.store(Secrets.Where.CREDENTIAL, "schedule.x.sudo", "sudo-Pw-1".toCharArray());
        Path cred = creds.resolve("schedule.x.sudo.cred");
        assertTrue(Files.isRegularFile(cred));
        assertFalse(
                Files.readString(cred, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("sudo-Pw-1"),
                "encrypted, not plain");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cred)));
        assertEquals(Optional.of("LoadCredentialEncrypted=schedule.x.sudo:" + cred), s.unitLine("schedule.x.sudo"));

        // What systemd does for the unit: decrypts it into the run's credentials folder, where the run reads it.
        Path runDir = Files.createDirectories(dir.resolve("run-credentials"));
        LocalProgram.Result r = LocalProgram.run(
                List.of(
                        "systemd-creds",
                        "decrypt",
                        "--name=schedule.x.sudo",
                        cred.toString(),
                        runDir.resolve("schedule.x.sudo").toString()),
                "systemd");
        assertTrue(r.ok(), r.said());
        Secrets inUnit = new Secrets(dir.resolve("config"), creds, Map.of("CREDENTIALS_DIRECTORY", runDir.toString()));
        assertArrayEquals(
                "sudo-Pw-1".toCharArray(), inUnit.read("schedule.x.sudo").orElseThrow());
    }

    @Test
    void withoutASessionBusThereIsNoSecretServiceToAsk() {
        Secrets s = new Secrets(dir, dir, Map.of("PATH", System.getenv("PATH")));
        assertFalse(s.secretServiceAvailable());
    }
}
