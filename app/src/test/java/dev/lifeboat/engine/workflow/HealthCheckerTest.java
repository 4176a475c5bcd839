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
}
