package dev.lifeboat.cli;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Unattended;
import java.io.Console;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code notify add|list|remove|test}: the channels scheduled runs tell. */
@Command(
        name = "notify",
        mixinStandardHelpOptions = true,
        description = {
            "Notification channels, each configured once and named: the desktop's notifications, e-mail over SMTP, a"
                    + " healthchecks-style ping URL, ntfy. A schedule tells them of failures and of drills that do not"
                    + " pass (and of successes where a channel asks for them). A channel that cannot be reached never"
                    + " fails a backup: it is retried briefly, logged, and shown by 'lifeboat status'."
        },
        subcommands = {
            NotifyCommand.Add.class,
            NotifyCommand.ListChannels.class,
            NotifyCommand.Remove.class,
            NotifyCommand.Test.class
        })
final class NotifyCommand implements Runnable {
    private final Lifeboat lifeboat;

    NotifyCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The engine's unattended runs, from a sub-command's parent spec. */
    static Unattended unattended(CommandSpec parent) {
        return ((NotifyCommand) parent.userObject()).lifeboat.unattended();
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Add (or replace) a channel. Examples:",
                "  lifeboat notify add desk --type desktop",
                "  lifeboat notify add mail --type email --smtp-host mail.example.org --smtp-port 587 --security"
                        + " starttls --user backup@example.org --from backup@example.org --to admin@example.org",
                "  lifeboat notify add hc --type healthchecks --url https://hc-ping.com/UUID",
                "  lifeboat notify add phone --type ntfy --url https://ntfy.sh/my-topic --token-file ~/.ntfy-token",
                "A password or token is asked on the terminal (or read from --secret-file's first line) and kept in the"
                        + " desktop's secret store, or else in a file only you read; never in notify.json."
            })
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--type",
                required = true,
                paramLabel = "TYPE",
                description = "desktop, email, healthchecks, ntfy")
        String type;

        @Option(names = "--on-success", description = "Also tell when a run went well (size, downtime, duration).")
        boolean onSuccess;

        @Option(names = "--url", paramLabel = "URL", description = "healthchecks: the ping URL; ntfy: the topic's URL.")
        String url;

        @Option(names = "--smtp-host", paramLabel = "HOST")
        String host;

        @Option(names = "--smtp-port", paramLabel = "PORT", description = "Default: 587 (starttls), 465 (ssl), 25.")
        Integer port;

        @Option(names = "--security", paramLabel = "MODE", description = "starttls (default), ssl or none.")
        String security = "starttls";

        @Option(names = "--user", paramLabel = "LOGIN", description = "The SMTP login (its password is asked).")
        String user;

        @Option(names = "--from", paramLabel = "ADDRESS")
        String from;

        @Option(names = "--to", paramLabel = "ADDRESS", arity = "1..*")
        List<String> to = new ArrayList<>();

        @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust this certificate (a mail server's own).")
        Path caFile;

        @Option(names = "--priority", paramLabel = "P", description = "ntfy: a failure's priority (default high).")
        String priority;

        @Option(names = "--tag", paramLabel = "TAG", arity = "1..*", description = "ntfy: tags for every message.")
        List<String> tags = new ArrayList<>();

        @Option(
                names = {"--secret-file", "--token-file"},
                paramLabel = "FILE",
                description = "The SMTP password or ntfy token: the first line of FILE, instead of asking.")
        Path secretFile;

        @Option(names = "--token", description = "ntfy: the topic needs an access token (asked on the terminal).")
        boolean token;

        @Override
        public Integer call() throws Exception {
            Channel.Type t;
            try {
                t = Channel.Type.of(type);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            char[] secret = null;
            switch (t) {
                case EMAIL -> {
                    need(host, "--smtp-host");
                    need(from, "--from");
                    if (to.isEmpty()) {
                        throw new ParameterException(spec.commandLine(), "an email channel needs --to ADDRESS");
                    }
                    if (!List.of("starttls", "ssl", "none").contains(security)) {
                        throw new ParameterException(spec.commandLine(), "--security is starttls, ssl or none");
                    }
                    if (port == null) {
                        port = switch (security) {
                            case "ssl" -> 465;
                            case "none" -> 25;
                            default -> 587;
                        };
                    }
                    if (user != null) {
                        secret = secret("Password of " + user + " on " + host + ": ");
                    }
                }
                case HEALTHCHECKS, NTFY -> {
                    need(url, "--url");
                    try {
                        URI u = URI.create(url);
                        if (!List.of("http", "https").contains(String.valueOf(u.getScheme())) || u.getHost() == null) {
                            throw new IllegalArgumentException("not an http(s) URL");
                        }
                    } catch (IllegalArgumentException e) {
                        throw new ParameterException(spec.commandLine(), "--url " + url + ": " + e.getMessage());
                    }
                    if (t == Channel.Type.NTFY && (token || secretFile != null)) {
                        secret = secret("Access token for " + url + ": ");
                    }
                }
                case DESKTOP -> {}
            }
            Channel c = new Channel(
                    name,
                    t,
                    onSuccess,
                    url,
                    host,
                    port,
                    t == Channel.Type.EMAIL ? security : null,
                    user,
                    from,
                    to,
                    priority,
                    tags,
                    null,
                    caFile == null ? null : caFile.toAbsolutePath().toString());
            try {
                c = unattended(spec.parent()).addChannel(c, secret);
            } finally {
                if (secret != null) {
                    Arrays.fill(secret, '\0');
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Channel " + c.name() + " (" + c.type().word() + "): " + c.describe());
            out.println("Try it: lifeboat notify test " + c.name());
            out.flush();
            return ExitCodes.OK;
        }

        private void need(String value, String option) {
            if (value == null || value.isBlank()) {
                throw new ParameterException(spec.commandLine(), "a " + type + " channel needs " + option);
            }
        }

        private char[] secret(String prompt) throws EngineException {
            if (secretFile != null) {
                return SecretFile.firstLine(secretFile, secretFile.toString());
            }
            Console c = System.console();
            if (c == null) {
                throw new ParameterException(
                        spec.commandLine(), "no terminal to ask the password or token on: give --secret-file FILE");
            }
            char[] a = c.readPassword("%s", prompt);
            if (a == null) {
                throw new ParameterException(spec.commandLine(), "no password or token given");
            }
            return a;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the channels (no secret is shown).")
    static final class ListChannels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<Channel> all = unattended(spec.parent()).channels().list();
            if (all.isEmpty()) {
                out.println("No channels yet ('lifeboat notify add NAME --type desktop').");
            }
            for (Channel c : all) {
                out.println(c.name() + "  " + c.type().word() + "  " + c.describe());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a channel and its secret.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            if (!unattended(spec.parent()).removeChannel(name)) {
                throw new ParameterException(spec.commandLine(), "no channel " + name);
            }
            spec.commandLine().getOut().println("Removed the channel " + name + ".");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description = "Send a test message over a channel. Exits 1 when it could not be told.")
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            String warning = unattended(spec.parent()).test(name);
            if (warning != null) {
                spec.commandLine().getErr().println("lifeboat: " + warning);
                spec.commandLine().getErr().flush();
                return ExitCodes.FAILED;
            }
            spec.commandLine().getOut().println("Sent a test message over " + name + ".");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
