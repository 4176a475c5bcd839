package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.offsite.OffsiteFixture;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.store.SnapshotStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lifeboat offsite ...}, {@code snapshots}' WHERE and {@code restore --from} as a script runs them, with the
 * real restic and a repository in a local folder (no server: the restore stops at the login, after the fetch).
 */
class OffsiteCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run lifeboat(Lifeboat lb, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(lb);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void addPushTestCheckListAndRemoveARepositoryAndSeeWhereEachSnapshotIs() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        Lifeboat lb = laptop.lifeboat;
        String repo = dir.resolve("repository").toString();
        laptop.snapshot("20261201T090000Z", null, Map.of("docker-compose.yml", "services: {}\n"), 10_000);
        String id = OffsiteFixture.APP + "/20261201T090000Z";

        Run batch = lifeboat(lb, "offsite", "add", "nas", repo, "--init", "--batch");
        assertEquals(1, batch.exit(), batch.out() + batch.err());
        assertTrue(batch.err().contains("--password-file"), "says how to give it: " + batch.err());

        Run add = lifeboat(
                lb, "offsite", "add", "nas", repo, "--init", "--password-file", laptop.passwordFile.toString());
        assertEquals(0, add.exit(), add.out() + add.err());
        assertTrue(add.out().contains("Created and added nas"), add.out());

        Run list = lifeboat(lb, "offsite", "list");
        assertTrue(list.out().contains("nas") && list.out().contains(laptop.passwordFile.toString()), list.out());

        Run before = lifeboat(lb, "snapshots");
        assertTrue(before.out().contains("WHERE") && line(before.out(), id).endsWith(" here"), before.out());

        Run push = lifeboat(lb, "offsite", "push", "nas", "--json");
        assertEquals(0, push.exit(), push.out() + push.err());
        assertTrue(push.out().contains("\"step\":\"offsite:nas\""), push.out());
        assertTrue(push.out().trim().endsWith("{\"type\":\"Result\",\"ok\":true}"), push.out());

        Run after = lifeboat(lb, "snapshots");
        assertTrue(line(after.out(), id).endsWith(" both (nas)"), after.out());
        JsonNode json =
                new ObjectMapper().readTree(lifeboat(lb, "snapshots", "--json").out());
        assertEquals("both", json.get("snapshots").get(0).get("where").asText(), json.toString());
        assertEquals("nas", json.get("snapshots").get(0).get("offsite").get(0).asText());
        assertTrue(
                line(lifeboat(lb, "snapshots", "--local").out(), id).endsWith(" here"), "--local asks no repository");

        Run test = lifeboat(lb, "offsite", "test", "nas");
        assertEquals(0, test.exit(), test.out() + test.err());
        assertTrue(test.out().contains("1 snapshot of 1 application, the newest " + id), test.out());

        Run check = lifeboat(lb, "offsite", "check", "nas", "--read-data", "100");
        assertEquals(0, check.exit(), check.out() + check.err());
        assertTrue(check.out().contains("no errors were found"), check.out());

        Run remove = lifeboat(lb, "offsite", "remove", "nas");
        assertEquals(0, remove.exit(), remove.err());
        assertTrue(lifeboat(lb, "offsite", "list").out().contains("No off-site repository"));
        assertTrue(Files.isDirectory(dir.resolve("repository/data")), "the repository itself stays");
    }

    @Test
    void restoreFromARepositoryBringsTheSnapshotBackVerifiedBeforeItLogsIn() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        String repo = dir.resolve("repository").toString();
        laptop.snapshot("20261201T090000Z", null, Map.of("docker-compose.yml", "services: {}\n"), 10_000);
        assertEquals(
                0,
                lifeboat(
                                laptop.lifeboat,
                                "offsite",
                                "add",
                                "nas",
                                repo,
                                "--init",
                                "--password-file",
                                laptop.passwordFile.toString())
                        .exit());
        assertEquals(0, lifeboat(laptop.lifeboat, "offsite", "push", "nas").exit());

        OffsiteFixture fresh = new OffsiteFixture(dir, "new-laptop");
        Files.copy(laptop.passwordFile, fresh.passwordFile, StandardCopyOption.REPLACE_EXISTING);
        Run add = lifeboat(
                fresh.lifeboat, "offsite", "add", "nas", repo, "--password-file", fresh.passwordFile.toString());
        assertEquals(0, add.exit(), add.out() + add.err());
        assertTrue(add.out().contains("1 Lifeboat snapshot there"), add.out());
        Run list = lifeboat(fresh.lifeboat, "snapshots");
        assertTrue(line(list.out(), OffsiteFixture.APP + "/20261201T090000Z").endsWith(" off-site (nas)"), list.out());

        Path knownHosts = Files.createFile(dir.resolve("known_hosts"));
        Run r = lifeboat(
                fresh.lifeboat,
                "restore",
                "--from",
                "nas",
                "20261201T090000Z",
                "root@127.0.0.1:1", // nothing listens: the restore stops at the login
                "--batch",
                "--ssh-config",
                "none",
                "--known-hosts",
                knownHosts.toString());
        assertTrue(
                r.out().contains("[fetch:nas] done") && r.out().contains("[verify-fetched] done"), r.out() + r.err());
        assertFalse(r.exit() == 0, r.out() + r.err());
        assertTrue(
                SnapshotStore.complete(fresh.store.resolve(OffsiteFixture.APP + "/20261201T090000Z")),
                "it is here now");
        assertTrue(line(lifeboat(fresh.lifeboat, "snapshots").out(), OffsiteFixture.APP + "/20261201T090000Z")
                .endsWith(" both (nas)"));
    }

    private static String line(String out, String id) {
        List<String> l = out.lines().filter(x -> x.startsWith(id)).toList();
        assertEquals(1, l.size(), out);
        return l.get(0).stripTrailing();
    }
}
