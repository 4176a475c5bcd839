package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.workflow.UpgradeFixture;
import dev.lifeboat.engine.workflow.UpgradePlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan upgrade}: its arguments, and the plan in words and as JSON. */
class UpgradePlanTextTest {
    @TempDir
    Path store;

    @Test
    void planUpgradeWithoutAVersionIsAUsageErrorBeforeAnyConnection() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(
                new String[] {"plan", "upgrade", "root@192.0.2.1", "--batch"},
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().contains("plan upgrade TARGET --to VERSION"), err.toString());
    }

    @Test
    void theTextSaysTheVersionsThePhasesInOrderAndTheWayBack() throws Exception {
        UpgradePlan p = UpgradeFixture.plan(store, "1.5.0");
        String t = UpgradePlanText.text(p);
        assertTrue(
                t.startsWith(
                        "Upgrade plan for Docker Compose project 1.4.2 -> 1.5.0 in /opt/app (compose project app)\n"),
                t);
        assertTrue(t.contains("Images pulled before anything stops: example/wiki:1.5.0\n"), t);
        assertTrue(t.contains("Migrated as it starts:\n  /opt/app/db (mariadb)\n"), t);
        assertTrue(t.contains("  note   Lifeboat knows nothing of this application's upgrades"), t);
        assertTrue(t.contains("      the image tag on line 3: 1.4.2 -> 1.5.0\n"), t);
        int before = t.indexOf("\nBefore, while the site runs");
        int rehearsal = t.indexOf("\nRehearsal on a throw-away copy (compose project lifeboat-upgrade-app");
        int live = t.indexOf("\nLive upgrade:\n");
        int back =
                t.indexOf("\nIf the live upgrade fails its health check or is cancelled, Lifeboat goes back to 1.4.2");
        assertTrue(0 < before && before < rehearsal && rehearsal < live && live < back, t);
        assertTrue(t.substring(before, rehearsal).contains(" 1. Pull the new images while the site runs"), t);
        assertTrue(t.substring(live, back).contains("[site down] Start 1.5.0"), t);
        assertTrue(t.endsWith("Nothing was changed. 'lifeboat upgrade' with the same arguments runs it."), t);
    }

    @Test
    void theJsonHasEveryPhaseWithItsStepsAndTheConstraints() throws Exception {
        UpgradePlan p = UpgradeFixture.plan(store, "1.5.0");
        JsonNode j = new ObjectMapper().readTree(UpgradePlanText.json(p));
        assertEquals("generic-compose", j.get("stack").asText());
        assertEquals("1.4.2", j.get("current").asText());
        assertEquals("1.5.0", j.get("target").asText());
        assertEquals("example/wiki:1.5.0", j.get("pulls").get(0).asText());
        assertEquals(
                UpgradeFixture.COMPOSE_FILE, j.get("edits").get(0).get("path").asText());
        assertEquals(2, j.get("edits").get(0).get("changes").size());
        assertEquals("note", j.get("constraints").get(0).get("outcome").asText());
        assertEquals("pull", j.get("phases").get("prepare").get(0).get("id").asText());
        assertTrue(j.get("phases").get("rehearsal").get(0).get("id").asText().startsWith("rehearsal:"));
        JsonNode lastLive =
                j.get("phases").get("live").get(j.get("phases").get("live").size() - 1);
        assertEquals("live:done", lastLive.get("id").asText());
        List<String> live = new java.util.ArrayList<>();
        j.get("phases").get("live").forEach(n -> live.add(n.get("id").asText()));
        assertTrue(
                live.indexOf("live:leave-stopped") < live.indexOf("live:guard")
                        && live.indexOf("live:guard") < live.indexOf("live:version")
                        && live.indexOf("live:version") < live.indexOf("live:start")
                        && live.indexOf("live:health") < live.indexOf("live:compare"),
                "the guard is armed before the version is written, the counts compared once it is up: " + live);
        assertEquals("rollback:version", j.get("rollback").get(0).get("id").asText());
        assertEquals(180, j.get("downtime").get("migrationWaitSeconds").asInt());
        assertEquals("lifeboat-upgrade-app", j.get("copy").get("project").asText());
    }
}
