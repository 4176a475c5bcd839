package dev.lifeboat.engine.remote;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * The {@code publickey} login method (RFC 4252, section 7) with the signature made by an ssh-agent: first asks
 * whether the server would accept the key, then sends the request signed by the agent. RSA keys sign with
 * rsa-sha2-512.
 */
class AgentAuth extends AbstractAuthMethod {
    private final SshAgent agent;
    private final SshAgent.Identity identity;

    AgentAuth(SshAgent agent, SshAgent.Identity identity) {
        super("publickey");
        this.agent = agent;
        this.identity = identity;
    }

    private String algorithm() {
        String t = identity.keyType();
        return t.equals("ssh-rsa") ? "rsa-sha2-512" : t;
    }

    private int flags() {
        return identity.keyType().equals("ssh-rsa") ? SshAgent.RSA_SHA2_512 : 0;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return super.buildReq().putBoolean(false).putString(algorithm()).putString(identity.blob());
    }

    @Override
    public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
        if (cmd != Message.USERAUTH_60) {
            super.handle(cmd, buf);
            return;
        }
        SSHPacket req = super.buildReq().putBoolean(true).putString(algorithm()).putString(identity.blob());
        byte[] signed = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(req)
                .getCompactData();
        try {
            req.putString(agent.sign(identity, signed, flags()));
        } catch (IOException e) {
            throw new UserAuthException("the ssh-agent could not sign", e);
        }
        params.getTransport().write(req);
    }
}
