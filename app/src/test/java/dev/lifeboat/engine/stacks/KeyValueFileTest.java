package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValueFileTest {
    @Test
    void envFilesLoseQuotesCommentsAndExport() {
        Map<String, String> m = KeyValueFile.parse(String.join(
                "\n",
                "# components to be used",
                "COMPOSE_FILE='caddy.yml,seatable-server.yml'",
                "export TIME_ZONE=\"Europe/Berlin\"",
                "PORT=80 # web",
                "",
                "not a line",
                "DATA=${BASE:-/srv}/data"));
        assertEquals("caddy.yml,seatable-server.yml", m.get("COMPOSE_FILE"));
        assertEquals("Europe/Berlin", m.get("TIME_ZONE"));
        assertEquals("80", m.get("PORT"));
        assertEquals("/srv/data", m.get("DATA"));
        assertFalse(m.containsKey("not a line"));
    }

    @Test
    void laterValuesMayUseEarlierOnes() {
        assertEquals(
                "/opt/app/data",
                KeyValueFile.parse("ROOT=/opt/app\nDATA=$ROOT/data").get("DATA"));
    }
}
