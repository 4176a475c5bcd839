package dev.lifeboat.engine.remote;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Questions the engine must ask a person while connecting: the GUI answers with dialogs, the CLI with a terminal
 * prompt or its options, tests with fixed answers.
 *
 * <p>Threading: called on the engine's (background) thread, which blocks until the answer is there; a GUI
 * implementation must hop to its UI thread and wait. Returning empty means "the user declined or there is no one to
 * ask"; the engine then fails with the matching {@link dev.lifeboat.engine.EngineException}. Returned arrays are
 * owned by the engine, which wipes them when done.
 */
public interface Prompter {

    /** The login password (also used for keyboard-interactive prompts that look like a password prompt). */
    Optional<char[]> password(String userAtHost, String promptText);

    /** The passphrase of an encrypted private key file. */
    Optional<char[]> passphrase(Path keyFile);

    /** The password sudo asks for on the server (usually the user's login password). */
    Optional<char[]> sudoPassword(String userAtHost);

    /**
     * Whether to trust a host key that known_hosts does not list. A careful answer compares
     * {@link HostKeyInfo#fingerprint()} with one obtained from the server's administrator. True means trust it and
     * remember it in known_hosts.
     */
    boolean confirmUnknownHostKey(HostKeyInfo key);

    /**
     * Whether a server's keyboard-interactive prompt asks for the login password (or says nothing particular), as
     * opposed to a question of its own such as a one-time code, which no stored password may answer.
     */
    static boolean isPasswordPrompt(String promptText) {
        return promptText == null
                || promptText.isBlank()
                || promptText.toLowerCase(java.util.Locale.ROOT).contains("password");
    }

    /** Answers nothing and trusts nothing: for batch runs where every answer must come from options. */
    Prompter NONE = new Prompter() {
        @Override
        public Optional<char[]> password(String userAtHost, String promptText) {
            return Optional.empty();
        }

        @Override
        public Optional<char[]> passphrase(Path keyFile) {
            return Optional.empty();
        }

        @Override
        public Optional<char[]> sudoPassword(String userAtHost) {
            return Optional.empty();
        }

        @Override
        public boolean confirmUnknownHostKey(HostKeyInfo key) {
            return false;
        }
    };
}
