package dev.lifeboat.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.stacks.Maintenance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wait for an application to come up again: containers that stopped under it are started once more. */
class HealthCheckerTest {
    private static final Maintenance.HealthCheck RUNNING = new Maintenance.HealthCheck(List.of(), null, null, 30);

    @Test
    void aContainerThatStoppedAfterTheStartIsStartedOnceMoreAndTheSiteComesUp() throws Exception {
        FakeDockerHost host = new FakeDockerHost("srv")
                .container("app", "db", "mariadb", "/srv/db:/var/lib/mysql", true)
                .container("app", "web", "web", "/srv/web:/data", false);
        Docker docker = new Docker(host);
        List<String> said = new ArrayList<>();

        String problem = new HealthChecker(docker)
                .await(
                        RUNNING,
                        List.of(host.id("app", "db"), host.id("app", "web")),
                        List.of(),
                        said::add,
                        CancelToken.NONE);

        assertThat(problem).isNull();
        assertThat(host.changes()).containsExactly("start app/web");
        assertThat(said).anyMatch(s -> s.contains("[web] had stopped; starting again"));
    }

    @Test
    void aSiteThatIsUpAtOnceCostsOneInspectForTheWindow() throws Exception {
        // The site is down while this waits: every poll is one round trip, not one per question.
        FakeDockerHost host = new FakeDockerHost("srv")
                .container("app", "db", "mariadb", "/srv/db:/var/lib/mysql", true)
                .container("app", "web", "web", "/srv/web:/data", true);

        String problem = new HealthChecker(new Docker(host))
                .await(
                        RUNNING,
                        List.of(host.id("app", "db"), host.id("app", "web")),
                        List.of(),
                        s -> {},
                        CancelToken.NONE);

        assertThat(problem).isNull();
        assertThat(host.ran()).hasSize(1).allMatch(l -> l.contains("docker inspect"));
    }

    @Test
    void aContainerThatStopsAgainIsNamedWithoutWaitingForTheDeadline() throws Exception {
        FakeDockerHost host = new FakeDockerHost("srv")
                .container("app", "web", "web", "/srv/web:/data", false)
                .crashing("web");
        Docker docker = new Docker(host);

        String problem = new HealthChecker(docker)
                .await(RUNNING, List.of(host.id("app", "web")), List.of(), s -> {}, CancelToken.NONE);

        assertThat(problem).contains("web stopped again (exited)").contains("docker logs app_web_1");
        assertThat(host.changes()).containsExactly("start app/web");
    }

    @Test
    void aContainerInACrashLoopIsNamedAfterItsRestartsNotAtTheDeadline() throws Exception {
        // restart: always on a release that dies as it starts: never "exited", always "restarting" or briefly running.
        FakeDockerHost host = new FakeDockerHost("srv")
                .container("app", "web", "web", "/srv/web:/data", true)
                .crashLooping("web");
        Maintenance.HealthCheck tenMinutes = new Maintenance.HealthCheck(List.of(), null, null, 600);

        String problem = new HealthChecker(new Docker(host))
                .await(tenMinutes, List.of(host.id("app", "web")), List.of(), s -> {}, CancelToken.NONE);

        assertThat(problem)
                .isEqualTo("web keeps restarting: Docker restarted it " + HealthChecker.CRASH_LOOP_RESTARTS
                        + " times while Lifeboat waited (a crash loop; its logs say why: docker logs app_web_1)");
        assertThat(host.ran()).hasSize(HealthChecker.CRASH_LOOP_RESTARTS + 1).allMatch(l -> l.contains("inspect"));
        assertThat(host.changes()).isEmpty();
    }

    @Test
    void aFewRestartsWhileTheDatabaseComesUpAreWaitedFor() throws Exception {
        java.util.Map<String, Integer> first = new java.util.HashMap<>();
        dev.lifeboat.engine.docker.ContainerState c = state(3);
        assertThat(HealthChecker.crashLoop(List.of(c), List.of(c.id()), first)).isNull();
        assertThat(HealthChecker.crashLoop(
                        List.of(state(3 + HealthChecker.CRASH_LOOP_RESTARTS - 1)), List.of(c.id()), first))
                .as("counted from where the wait began, below the limit")
                .isNull();
        assertThat(HealthChecker.crashLoop(
                        List.of(state(3 + HealthChecker.CRASH_LOOP_RESTARTS)), List.of(c.id()), first))
                .startsWith("web keeps restarting");
    }

    private static dev.lifeboat.engine.docker.ContainerState state(int restarts) {
        return new dev.lifeboat.engine.docker.ContainerState(
                "c1",
                "app_web_1",
                "app",
                "web",
                "web",
                "running",
                "",
                List.of(),
                List.of(),
                java.util.Map.of(),
                java.util.Optional.empty(),
                List.of(),
                restarts);
    }
}
