package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.model.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One SSH server to log in to, fully resolved: the address to connect to, port, login name and the key files to try.
 *
 * @param host the address to connect to (HostName from ssh config, else what the user typed)
 * @param port the SSH port
 * @param user the login name
 * @param identityFiles key files named by the user or ssh config, in order; may be empty
 */
public record SshEndpoint(String host, int port, String user, List<Path> identityFiles) {

    public SshEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        identityFiles = List.copyOf(identityFiles);
    }

    /** {@code user@host} or {@code user@host:port}. */
    public String display() {
        return user + "@" + host + (port == Target.DEFAULT_SSH_PORT ? "" : ":" + port);
    }

    /**
     * The route to a target as ssh would take it: the jump hosts (ProxyJump, each resolved through the config as
     * well) and the target itself.
     *
     * @param jumps jump hosts in the order they are passed through; empty for a direct connection
     * @param target the server itself
     */
    public record Route(List<SshEndpoint> jumps, SshEndpoint target) {
        public Route {
            jumps = List.copyOf(jumps);
        }
    }

    /**
     * Resolves what the user typed against an ssh config.
     *
     * @param extraIdentity a key file chosen explicitly (profile or option), tried first; may be null
     */
    public static Route resolve(Target target, SshConfig config, Path home, String localUser, Path extraIdentity) {
        SshEndpoint t = resolveOne(target, config, home, localUser, extraIdentity);
        List<SshEndpoint> jumps = new ArrayList<>();
        for (String j : config.resolve(target.host()).proxyJump()) {
            String spec = j.startsWith("ssh://") ? j.substring("ssh://".length()) : j;
            jumps.add(resolveOne(Target.parse(spec), config, home, localUser, null));
        }
        return new Route(jumps, t);
    }

    private static SshEndpoint resolveOne(
            Target target, SshConfig config, Path home, String localUser, Path extraIdentity) {
        SshConfig.HostSettings s = config.resolve(target.host());
        String host = s.hostName().orElse(target.host());
        String user = target.user().or(s::user).orElse(localUser);
        int port = target.port().or(s::port).orElse(Target.DEFAULT_SSH_PORT);
        List<Path> keys = new ArrayList<>();
        if (extraIdentity != null) {
            keys.add(extraIdentity);
        }
        for (String f : s.identityFiles()) {
            keys.add(SshConfig.expandIdentityFile(f, home, localUser, host, user));
        }
        return new SshEndpoint(host, port, user, keys);
    }
}
