package dev.lifeboat.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerCliParseTest {

    @Test
    void publishedPortsComeFromThePortBindingsAlsoOfAStoppedContainer() throws Exception {
        String json =
                """
                [{"Id":"abc","Name":"/web_1","State":{"Status":"exited"},
                  "Config":{"Image":"nginx:1","Labels":{"com.docker.compose.project":"p",
                            "com.docker.compose.service":"web"},"Env":[]},
                  "HostConfig":{"PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"},
                                                          {"HostIp":"::","HostPort":"8080"}],
                                                "53/udp":[{"HostIp":"127.0.0.1","HostPort":"5353"}],
                                                "9000/tcp":[{"HostIp":"","HostPort":""}]}},
                  "Mounts":[],"NetworkSettings":{"Networks":{}}}]
                """;
        List<ContainerState> parsed = Docker.parse(json);
        assertThat(parsed).hasSize(1);
        // the same port on two addresses once; a binding without a host port (Docker picks one) is not a need
        assertThat(parsed.get(0).ports()).containsExactly("8080/tcp", "5353/udp");
        assertThat(parsed.get(0).running()).isFalse();
    }

    @Test
    void aContainerWithoutPublishedPortsHasNone() throws Exception {
        String json =
                """
                [{"Id":"abc","Name":"/db_1","State":{"Status":"running"},"Config":{"Image":"postgres:16"},
                  "HostConfig":{"PortBindings":null},"Mounts":[],"NetworkSettings":{"Networks":{}}}]
                """;
        assertThat(Docker.parse(json).get(0).ports()).isEmpty();
    }
}
