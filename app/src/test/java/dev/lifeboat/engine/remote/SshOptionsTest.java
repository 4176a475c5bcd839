package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.engine.model.AuthMethod;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SshOptionsTest {
    @Test
    void passwordProfileAlsoTriesKeyboardInteractive() {
        SshOptions o = SshOptions.defaults().forProfile(AuthMethod.PASSWORD, "");
        assertEquals(Set.of(SshOptions.LoginMethod.PASSWORD, SshOptions.LoginMethod.KEYBOARD_INTERACTIVE), o.methods());
    }

    @Test
    void keyFileProfileTriesOnlyItsKey() {
        SshOptions o = SshOptions.defaults().forProfile(AuthMethod.KEY_FILE, "/keys/id_ed25519");
        assertEquals(Set.of(SshOptions.LoginMethod.KEY_FILE), o.methods());
        assertEquals(Path.of("/keys/id_ed25519"), o.keyFile());
    }
}
