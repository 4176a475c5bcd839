package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** What SshSession counts as a lost connection when a command cannot start (the rest runs in SshSessionIT). */
class SshSessionTest {

    @Test
    void anErrorThatSaysTheSocketIsGoneIsALostConnectionAndACommandsOwnIsNot() {
        // sshj's words right after the keep-alive gave up, while the client still counted itself connected.
        assertTrue(SshSession.socketGone(new IOException("Socket closed")));
        assertTrue(SshSession.socketGone(new IOException("open failed", new SocketException("Connection reset"))));
        assertTrue(SshSession.socketGone(new IOException("write", new IOException("Broken pipe"))));
        assertFalse(SshSession.socketGone(
                new IOException("Opening `session` channel failed: administratively prohibited")));
        assertFalse(SshSession.socketGone(new IOException((String) null)));
    }
}
