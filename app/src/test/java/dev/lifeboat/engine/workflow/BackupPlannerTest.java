package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.ComposeProject;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.remote.FakeShell;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.store.SnapshotStore;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner's decisions over a fake server: what stops, in which order, what stays up, what is copied. */
class BackupPlannerTest {
    @TempDir
    Path dir;

    private static String container(String id, String service, String image, String mountSource, String dest) {
        return "{\"Id\":\"" + id + "\",\"Name\":\"/" + service + "\",\"Config\":{\"Image\":\"" + image
                + "\",\"Labels\":{\"com.docker.compose.project\":\"app\",\"com.docker.compose.service\":\"" + service
                + "\"},\"Env\":[\"MYSQL_ROOT_PASSWORD=x\"]},\"State\":{\"Status\":\"running\"},"
                + "\"NetworkSettings\":{\"Networks\":{\"n\":{\"IPAddress\":\"10.0.0." + id.length() + "\"}}},"
                + "\"Mounts\":["
                + (mountSource == null
                        ? ""
                        : "{\"Type\":\"bind\",\"Source\":\"" + mountSource + "\",\"Destination\":\"" + dest
                                + "\",\"RW\":true}")
                + "]}";
    }

    private FakeShell server() {
        String inspect = "["
                + String.join(
                        ",",
                        container("a1", "web", "web:1", "/opt/app/data", "/data"),
                        container("b22", "db", "mariadb:11", "/opt/app/db", "/var/lib/mysql"),
                        container("c333", "cache", "redis:7", null, null),
                        container("d4444", "worker", "web:1", "/opt/app/data", "/data"),
                        container("e55555", "proxy", "caddy:2", null, null))
                + "]";
        return new FakeShell()
                .on("docker ps -a -q", 0, "a1\nb22\nc333\nd4444\ne55555\n", "")
                .on("docker inspect", 0, inspect, "")
                .on("TOOL", 0, "TOOL /usr/bin/mariadb-dump\nDB appdb\nDB mysql\n", "")
                .on("for t in docker", 0, "", "")
                .on("printf", 0, "/opt/app\0/opt/app/data\0", "");
    }

    private static DetectedStack stack() {
        return new DetectedStack(
                "generic-compose",
                "App",
                null,
                null,
                "/opt/app",
                List.of(
                        new Component("/opt/app/data", ComponentClass.BACKUP, "files", "copy", OptionalLong.of(10), ""),
                        new Component(
                                "/opt/app/data/cache",
                                ComponentClass.EPHEMERAL,
                                "files",
                                "copy",
                                OptionalLong.of(1),
                                ""),
                        new Component(
                                "/opt/app/db", ComponentClass.BACKUP, "mariadb", "dump", OptionalLong.of(100), "")),
                List.of(),
                new ComposeProject("app", "/opt/app", List.of("/opt/app/docker-compose.yml"), List.of()));
    }

    @Test
    void theNamedServicesStopFirstTheDatabaseAndTheKeptOnesStayUp() throws Exception {
        Maintenance m = new Maintenance(
                List.of("web"),
                List.of("db", "cache", "worker", "web", "proxy"),
                List.of("cache"),
                List.of(),
                null,
                false,
                List.of(),
                List.of(),
                null);
        BackupPlan p = new BackupPlanner(server(), new SnapshotStore(dir), "host", 22, "fake").plan(stack(), m);
        assertEquals(
                List.of("web", "proxy", "worker"),
                p.stop().stream().map(ContainerState::label).toList(),
                "web first, then the others in reverse start order");
        assertEquals(
                List.of("worker", "web", "proxy"),
                p.start().stream().map(ContainerState::label).toList());
        assertEquals(
                List.of("cache", "db"),
                p.keptUp().stream().map(ContainerState::label).toList());
        assertEquals(List.of("/opt/app"), p.copyRoots(), "the install folder holds the data folder");
        assertTrue(
                p.excludes().containsAll(List.of("/opt/app/data/cache", "/opt/app/db")),
                p.excludes().toString());
        assertEquals(1, p.dumps().size());
        assertEquals("db", p.dumps().get(0).container().label());
        assertEquals(
                List.of("db-appdb"),
                p.dumps().get(0).jobs().stream().map(j -> j.name()).toList());
        assertTrue(p.steps().stream().anyMatch(s -> s.id().equals("dump:db-appdb") && s.siteDown()));
    }

    @Test
    void aMissingToolRefusesBeforeAnythingChanges() {
        FakeShell fresh = new FakeShell().on("TOOL", 0, "MISSING mariadb-dump or mysqldump\n", "");
        PreflightException e = assertThrows(PreflightException.class, () -> new BackupPlanner(
                        merged(fresh), new SnapshotStore(dir), "host", 22, "fake")
                .plan(stack(), Maintenance.generic()));
        assertTrue(e.getMessage().contains("mariadb-dump"), e.getMessage());
    }

    @Test
    void aSiteThatDoesNotRunIsRefused() {
        DetectedStack stopped =
                new DetectedStack("generic-compose", "App", null, null, "/opt/app", List.of(), List.of());
        PreflightException e = assertThrows(
                PreflightException.class, () -> new BackupPlanner(server(), new SnapshotStore(dir), "host", 22, "fake")
                        .plan(stopped, Maintenance.generic()));
        assertTrue(e.getMessage().contains("not running"), e.getMessage());
    }

    /** A server whose database container lacks the dump tool: its rule comes first. */
    private static FakeShell merged(FakeShell first) {
        String inspect = "["
                + String.join(
                        ",",
                        container("a1", "web", "web:1", "/opt/app/data", "/data"),
                        container("b22", "db", "mariadb:11", "/opt/app/db", "/var/lib/mysql"))
                + "]";
        return first.on("docker ps -a -q", 0, "a1\nb22\n", "")
                .on("docker inspect", 0, inspect, "")
                .on("for t in docker", 0, "", "")
                .on("printf", 0, "/opt/app\0", "");
    }
}
