package dev.lifeboat.engine.remote;

/**
 * What the login user may do on a server, found out with one probe.
 *
 * @param user the login name
 * @param root true when the login is root (uid 0)
 * @param dockerGroup true when the user is in the {@code docker} group (may use the Docker socket directly)
 * @param sudo how the user becomes root
 * @param dockerCli true when a {@code docker} command is on the PATH
 */
public record Privileges(String user, boolean root, boolean dockerGroup, Sudo sudo, boolean dockerCli) {

    /** How the user becomes root. */
    public enum Sudo {
        /** The login is root already. */
        NOT_NEEDED,
        /** {@code sudo -n} works: no password needed. */
        NO_PASSWORD,
        /** sudo asks for a password (which may or may not be accepted: checked when first needed). */
        PASSWORD,
        /** No sudo command on the server. */
        UNAVAILABLE
    }

    /** Whether the Docker socket can be used without becoming root. */
    public boolean dockerWithoutSudo() {
        return root || dockerGroup;
    }
}
