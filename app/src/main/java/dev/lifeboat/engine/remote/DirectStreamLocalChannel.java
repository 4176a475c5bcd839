package dev.lifeboat.engine.remote;

import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.channel.direct.AbstractDirectChannel;

/**
 * OpenSSH's {@code direct-streamlocal@openssh.com} channel: a connection to a unix socket on the server (e.g.
 * {@code /var/run/docker.sock}), made by sshd with the login user's rights. Refused by the server when the user may
 * not open the socket or {@code AllowStreamLocalForwarding} is off.
 */
final class DirectStreamLocalChannel extends AbstractDirectChannel {
    private final String socketPath;

    DirectStreamLocalChannel(Connection connection, String socketPath) {
        super(connection, "direct-streamlocal@openssh.com");
        this.socketPath = socketPath;
    }

    @Override
    protected SSHPacket buildOpenReq() {
        // Request data: socket path, reserved string, reserved uint32 (PROTOCOL in OpenSSH's sources).
        return super.buildOpenReq().putString(socketPath).putString("").putUInt32(0);
    }
}
