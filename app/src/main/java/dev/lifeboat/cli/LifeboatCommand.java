package dev.lifeboat.cli;

import dev.lifeboat.engine.LifeboatVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code lifeboat} command. Sub-commands are registered in {@link Cli#commandLine()}, one line each,
 * and only once they work.
 */
@Command(
        name = "lifeboat",
        mixinStandardHelpOptions = true,
        versionProvider = LifeboatCommand.Version.class,
        sortOptions = false,
        header = "Back up, restore, rehearse and migrate Docker-based self-hosted applications over SSH.",
        description = {
            "",
            "Run without arguments to open the Lifeboat window. With a command, Lifeboat runs headless,"
                    + " for scripts and cron jobs.",
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0    ok",
            "  1    failed",
            "  2    usage error",
            "  3    refused by a preflight check (nothing changed; also a damaged snapshot to restore or drill)",
            "  4    host key not verified",
            "  130  cancelled",
            "",
            "Logs: ~/.local/state/lifeboat/logs/lifeboat.log (add --debug to see them on the terminal).",
        })
public final class LifeboatCommand implements Runnable {

    @Option(
            names = "--debug",
            description = "Print debug logging to standard error (secrets are never logged).",
            scope = ScopeType.INHERIT)
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // `lifeboat --debug` with no command: nothing to do but show what can be done.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version of this build for {@code --version}. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "Lifeboat " + LifeboatVersion.get(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                // Says that the shipped JVM options are in force (issue 22): the heap's ceiling.
                "Heap up to " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB"
            };
        }
    }
}
