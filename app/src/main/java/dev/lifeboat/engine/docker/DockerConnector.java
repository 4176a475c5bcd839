package dev.lifeboat.engine.docker;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.remote.ChannelRefusedException;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.RemoteProcess;
import dev.lifeboat.engine.remote.SshChannel;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.remote.SudoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link DockerPipe}s to a server's Docker engine, the best way the login allows:
 *
 * <ol>
 *   <li>root or docker group: a {@code direct-streamlocal@openssh.com} channel to {@code /var/run/docker.sock};
 *   <li>the same user when sshd refuses streamlocal forwarding: {@code docker system dial-stdio} over exec;
 *   <li>other users with sudo: {@code sudo docker system dial-stdio} (sudo password through stdin).
 * </ol>
 *
 * Thread-safe: pipes may be opened from several threads.
 */
final class DockerConnector {
    private static final Logger LOG = LoggerFactory.getLogger(DockerConnector.class);
    static final String SOCKET = "/var/run/docker.sock";

    enum Way {
        STREAMLOCAL,
        DIAL_STDIO,
        SUDO_DIAL_STDIO
    }

    private final SshjRemoteShell shell;
    private final Way way;

    private DockerConnector(SshjRemoteShell shell, Way way) {
        this.shell = shell;
        this.way = way;
    }

    Way way() {
        return way;
    }

    static DockerConnector forced(SshjRemoteShell shell, Way way) {
        return new DockerConnector(shell, way);
    }

    /** Finds the way for this login (one probe, one trial channel). */
    static DockerConnector choose(SshjRemoteShell shell) throws EngineException {
        Privileges p = shell.privileges();
        if (p.dockerWithoutSudo()) {
            try (SshChannel trial = shell.session().openUnixSocket(SOCKET)) {
                return new DockerConnector(shell, Way.STREAMLOCAL);
            } catch (ChannelRefusedException e) {
                LOG.info(
                        "{} refused the Docker socket over streamlocal; using docker system dial-stdio: {}",
                        shell.describe(),
                        e.getMessage());
                requireCli(shell, p);
                return new DockerConnector(shell, Way.DIAL_STDIO);
            }
        }
        if (p.sudo() == Privileges.Sudo.PASSWORD || p.sudo() == Privileges.Sudo.NO_PASSWORD) {
            requireCli(shell, p);
            if (p.sudo() == Privileges.Sudo.PASSWORD) {
                try {
                    java.util.Arrays.fill(shell.sudoPasswordForHelpers(), '\0');
                } catch (SudoException e) {
                    throw new DockerPermissionException(p.user() + " may not use Docker on " + shell.describe()
                            + ": the user is not in the docker group, and sudo failed: " + e.getMessage());
                }
            }
            return new DockerConnector(shell, Way.SUDO_DIAL_STDIO);
        }
        throw new DockerPermissionException(p.user() + " may not use Docker on " + shell.describe()
                + ": the user is not in the docker group and cannot use sudo. Log in as root, or add the user to the"
                + " docker group (sudo usermod -aG docker " + p.user() + ").");
    }

    private static void requireCli(SshjRemoteShell shell, Privileges p) throws EngineException {
        if (!p.dockerCli()) {
            throw new EngineException("Docker on " + shell.describe() + " can only be reached through the docker"
                    + " command, and there is none on the PATH.");
        }
    }

    DockerPipe open() throws EngineException {
        return switch (way) {
            case STREAMLOCAL -> channelPipe(shell.session().openUnixSocket(SOCKET));
            case DIAL_STDIO -> processPipe(shell.start(CommandSpec.read("docker", "system", "dial-stdio")));
            case SUDO_DIAL_STDIO -> processPipe(shell.start(
                    CommandSpec.read("docker", "system", "dial-stdio").asRoot()));
        };
    }

    private static DockerPipe channelPipe(SshChannel ch) {
        return new DockerPipe() {
            @Override
            public InputStream in() {
                return ch.in();
            }

            @Override
            public OutputStream out() {
                return ch.out();
            }

            @Override
            public void sendEof() throws IOException {
                ch.sendEof();
            }

            @Override
            public void close() {
                ch.close();
            }
        };
    }

    private static DockerPipe processPipe(RemoteProcess p) {
        Thread drain = new Thread(
                () -> {
                    try {
                        String err = new String(p.stderr().readAllBytes(), StandardCharsets.UTF_8).strip();
                        if (!err.isEmpty()) {
                            LOG.warn("docker system dial-stdio: {}", err);
                        }
                    } catch (IOException e) {
                        LOG.debug("dial-stdio stderr ended: {}", e.getMessage());
                    }
                },
                "lifeboat-dial-stdio-err");
        drain.setDaemon(true);
        drain.start();
        return new DockerPipe() {
            @Override
            public InputStream in() {
                return p.stdout();
            }

            @Override
            public OutputStream out() {
                return p.stdin();
            }

            @Override
            public void sendEof() throws IOException {
                p.closeStdin();
            }

            @Override
            public void close() {
                p.close();
            }
        };
    }
}
