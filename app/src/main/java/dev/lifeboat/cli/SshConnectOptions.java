package dev.lifeboat.cli;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Server;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The SSH options every command that reaches a server shares (a picocli mixin), and the one place the CLI opens a
 * session from them. Passwords are never options: they are asked on the terminal, or read from a file.
 */
final class SshConnectOptions {

    @Option(
            names = {"-i", "--identity"},
            paramLabel = "FILE",
            description = "Private key file to log in with (tried before those of the ssh config and the agent).")
    Path identity;

    @Option(
            names = "--accept-host-key",
            paramLabel = "SHA256:...",
            description = "Trust this host key fingerprint if the server's key is not in known_hosts yet, and"
                    + " remember it. Compare it with one your server's administrator gave you. A changed key is"
                    + " always refused.")
    List<String> acceptHostKeys = new ArrayList<>();

    @Option(
            names = "--known-hosts",
            paramLabel = "FILE",
            description = "The known_hosts file to check host keys against (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(
            names = "--ssh-config",
            paramLabel = "FILE",
            description = "The OpenSSH client config for Host aliases, ProxyJump... (default: ~/.ssh/config;"
                    + " 'none' for none).")
    String sshConfig;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "Read the login and sudo password from the first line of FILE instead of asking"
                    + " (for scripts; keep the file private).")
    Path passwordFile;

    @Option(names = "--batch", description = "Never ask anything on the terminal; fail instead (for cron jobs).")
    boolean batch;

    /** What an accepted host key fingerprint looks like: SHA256 and 43 base64 characters, as ssh-keygen -l prints. */
    private static final java.util.regex.Pattern FINGERPRINT =
            java.util.regex.Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

    /**
     * Checks what can be checked before connecting, as usage errors: the key file, the ssh config file and the
     * password file exist and can be read, and every {@code --accept-host-key} is a fingerprint.
     */
    void validate(CommandLine cl) {
        readable(cl, "-i", identity);
        readable(cl, "--password-file", passwordFile);
        if (sshConfig != null && !sshConfig.equals("none")) {
            if (sshConfig.isBlank()) {
                throw new ParameterException(cl, "--ssh-config needs a file (or 'none')");
            }
            readable(cl, "--ssh-config", Path.of(sshConfig));
        }
        if (knownHosts != null && knownHosts.toString().isBlank()) {
            throw new ParameterException(cl, "--known-hosts needs a file");
        }
        for (String fp : acceptHostKeys) {
            if (!FINGERPRINT.matcher(fp.strip()).matches()) {
                throw new ParameterException(
                        cl,
                        "--accept-host-key " + fp + " is not a host key fingerprint; it looks like"
                                + " SHA256:+ 43 letters, digits, + and / (ssh-keygen -lf KEY prints it)");
            }
        }
    }

    private static void readable(CommandLine cl, String option, Path file) {
        if (file == null) {
            return;
        }
        if (file.toString().isBlank()) {
            throw new ParameterException(cl, option + " needs a file, not an empty name");
        }
        if (!Files.exists(file)) {
            throw new ParameterException(cl, option + " " + file + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(cl, option + " " + file + ": not a file this user can read");
        }
    }

    SshOptions toSshOptions(SshOptions defaults) {
        SshOptions o = defaults;
        if (knownHosts != null) {
            o = o.withKnownHostsFile(knownHosts);
        }
        if (sshConfig != null) {
            o = o.withSshConfigFile(sshConfig.equals("none") ? null : Path.of(sshConfig));
        }
        if (identity != null) {
            o = o.withKeyFile(identity);
        }
        return o.withAcceptedFingerprints(
                Set.copyOf(acceptHostKeys.stream().map(String::strip).toList()));
    }

    /** The prompter for this run: a file's password, the terminal, or nobody in batch mode. */
    Prompter prompter(PrintWriter err) throws EngineException {
        char[] password =
                passwordFile == null ? null : SecretFile.firstLine(passwordFile, "the password file " + passwordFile);
        return new TerminalPrompter(batch ? null : System.console(), err, password);
    }

    /** Logs in to {@code target}, asking on the terminal what must be asked. */
    Server connect(Lifeboat lifeboat, Target target, PrintWriter err) throws EngineException {
        return lifeboat.connect(target, toSshOptions(lifeboat.ssh()), prompter(err));
    }
}
