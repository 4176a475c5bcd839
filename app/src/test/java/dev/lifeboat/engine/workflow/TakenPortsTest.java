package dev.lifeboat.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TakenPortsTest {
    // What the preflight's script prints on a server: listening TCP sockets, then each running container's bindings.
    private static final String ANSWER =
            """
            LISTEN 22/tcp
            LISTEN 8080/tcp
            LISTEN 8000/tcp
            aaa /other_web_1 8080/80/tcp
            bbb /papermerge_web_1 8000/8000/tcp
            ccc /dns 5353/53/udp
            """;

    @Test
    void aPortHeldByAnotherContainerOrAProcessIsTaken() {
        assertThat(RestoreWorkflow.takenPorts(ANSWER, List.of("8080/tcp", "22/tcp", "9999/tcp"), Set.of(), Set.of()))
                .containsExactly("8080/tcp (container other_web_1)", "22/tcp (a process)");
        assertThat(RestoreWorkflow.takenPorts(ANSWER, List.of("5353/udp", "5353/tcp"), Set.of(), Set.of()))
                .containsExactly("5353/udp (container dns)");
    }

    @Test
    void thePortsOfTheProjectsOwnRunningContainersAreFreedByItsStop() {
        assertThat(RestoreWorkflow.takenPorts(ANSWER, List.of("8000/tcp"), Set.of("8000/tcp"), Set.of("bbb")))
                .isEmpty();
        // the same port held by something else than the project's container stays taken
        assertThat(RestoreWorkflow.takenPorts(ANSWER, List.of("8080/tcp"), Set.of("8080/tcp"), Set.of("bbb")))
                .containsExactly("8080/tcp (container other_web_1)");
    }
}
