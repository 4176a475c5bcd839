package dev.lifeboat.cli;

import dev.lifeboat.engine.remote.HostKeyInfo;
import dev.lifeboat.engine.remote.Prompter;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers the engine's questions on the terminal, like the OpenSSH client does: passwords without echo, host keys by
 * typing "yes". Without a terminal (cron, pipes) it answers nothing, and the command fails (the CLI then names the
 * option that answers instead). A password from {@code --password-file} serves the login's password prompts and sudo.
 */
final class TerminalPrompter implements Prompter {
    private final Console console;
    private final PrintWriter err;
    private final char[] password;

    /**
     * @param console the terminal, or null when there is none or the user asked for batch mode
     * @param password a password given ahead of time, or null
     */
    TerminalPrompter(Console console, PrintWriter err, char[] password) {
        this.console = console;
        this.err = err;
        this.password = password;
    }

    @Override
    public Optional<char[]> password(String userAtHost, String promptText) {
        if (!Prompter.isPasswordPrompt(promptText)) {
            // A keyboard-interactive question of its own (a one-time code...): asked as the server puts it, and
            // never answered with the password file.
            return read(userAtHost + ": " + promptText.strip() + " ");
        }
        if (password != null) {
            return Optional.of(password.clone());
        }
        return read(userAtHost + "'s password: ");
    }

    @Override
    public Optional<char[]> passphrase(Path keyFile) {
        return read("Passphrase for key '" + keyFile + "': ");
    }

    @Override
    public Optional<char[]> sudoPassword(String userAtHost) {
        if (password != null) {
            return Optional.of(password.clone());
        }
        return read("[sudo] password for " + userAtHost + ": ");
    }

    @Override
    public boolean confirmUnknownHostKey(HostKeyInfo key) {
        if (console == null) {
            return false;
        }
        err.printf(
                Locale.ROOT,
                "The authenticity of host '%s' can't be established.%n%s key fingerprint is %s.%n",
                key.displayHost(),
                key.keyType(),
                key.fingerprint());
        err.flush();
        String answer = console.readLine("Are you sure you want to continue connecting (yes/no)? ");
        return answer != null && answer.strip().equalsIgnoreCase("yes");
    }

    private Optional<char[]> read(String prompt) {
        if (console == null) {
            return Optional.empty();
        }
        char[] answer = console.readPassword("%s", prompt);
        if (answer == null) {
            return Optional.empty();
        }
        Optional<char[]> result = Optional.of(answer.clone());
        Arrays.fill(answer, '\0');
        return result;
    }
}
