package dev.lifeboat.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RshBridgeClientTest {
    @Test
    void remoteCommandIsWhatFollowsTheHostJoinedWithSpaces() {
        assertEquals(
                "rsync --server --sender -vlogDtpre.iLsfxCIvu . /srv/a\\ b/",
                RshBridgeClient.remoteCommand(List.of(
                        "-l",
                        "root",
                        "lifeboat-target",
                        "rsync",
                        "--server",
                        "--sender",
                        "-vlogDtpre.iLsfxCIvu",
                        ".",
                        "/srv/a\\ b/")));
        assertEquals("rsync --server .", RshBridgeClient.remoteCommand(List.of("host", "rsync", "--server", ".")));
    }
}
