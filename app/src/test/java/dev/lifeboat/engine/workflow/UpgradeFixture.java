package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.ComposeProject;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.FakeProbe;
import dev.lifeboat.engine.remote.FakeShell;
import dev.lifeboat.engine.stacks.GenericComposeStack;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.store.SnapshotStore;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * A small compose application on a fake server, for the upgrade's unit tests (here and in the CLI's): a wiki image
 * run by two services, a MariaDB beside it; its compose file as a {@link FakeProbe} file, its containers as {@link
 * FakeShell} answers.
 */
public final class UpgradeFixture {
    public static final String DIR = "/opt/app";
    public static final String COMPOSE_FILE = DIR + "/docker-compose.yml";
    public static final String COMPOSE = "services:\n"
            + "  web:\n"
            + "    image: example/wiki:1.4.2\n"
            + "    volumes:\n"
            + "      - ./data:/data\n"
            + "  worker:\n"
            + "    image: example/wiki:1.4.2\n"
            + "  db:\n"
            + "    image: mariadb:11\n"
            + "    volumes:\n"
            + "      - ./db:/var/lib/mysql\n";

    private UpgradeFixture() {}

    public static FakeProbe files() {
        return new FakeProbe().file(COMPOSE_FILE, COMPOSE);
    }

    private static String container(String id, String service, String image, String mountSource, String dest) {
        return "{\"Id\":\"" + id + "\",\"Name\":\"/app-" + service + "-1\",\"Config\":{\"Image\":\"" + image
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

    public static FakeShell server() {
        String inspect = "["
                + String.join(
                        ",",
                        container("a1", "web", "example/wiki:1.4.2", DIR + "/data", "/data"),
                        container("b22", "worker", "example/wiki:1.4.2", null, null),
                        container("c333", "db", "mariadb:11", DIR + "/db", "/var/lib/mysql"))
                + "]";
        return new FakeShell()
                .on("docker ps -a -q", 0, "a1\nb22\nc333\n", "")
                .on("docker inspect", 0, inspect, "")
                .on("TOOL", 0, "TOOL /usr/bin/mariadb-dump\nDB wiki\n", "")
                .on("for t in docker", 0, "", "")
                .on("printf", 0, DIR + "\0" + DIR + "\0", "");
    }

    public static DetectedStack stack() {
        return new DetectedStack(
                GenericComposeStack.ID,
                "Docker Compose project",
                null,
                null,
                DIR,
                List.of(
                        new Component(DIR + "/data", ComponentClass.BACKUP, "files", "copy", OptionalLong.of(10), ""),
                        new Component(DIR + "/db", ComponentClass.BACKUP, "mariadb", "dump", OptionalLong.of(100), "")),
                List.of(),
                new ComposeProject("app", DIR, List.of(COMPOSE_FILE), List.of("db", "web", "worker")));
    }

    /** The plan of upgrading the wiki to {@code target}, with snapshots in {@code store}. */
    public static UpgradePlan plan(Path store, String target) throws EngineException {
        return plan(store, files(), server(), target);
    }

    static UpgradePlan plan(Path store, FakeProbe probe, FakeShell shell, String target) throws EngineException {
        return new UpgradePlanner(probe, new BackupPlanner(shell, new SnapshotStore(store), "host", 22, "fake"))
                .plan(new GenericComposeStack(), stack(), Maintenance.generic(), target);
    }
}
