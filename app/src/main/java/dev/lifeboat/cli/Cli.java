package dev.lifeboat.cli;

import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.dumpers.ToolMissingException;
import dev.lifeboat.engine.remote.AuthenticationException;
import dev.lifeboat.engine.remote.HostKeyException;
import dev.lifeboat.engine.remote.SudoException;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.store.DamagedSnapshotException;
import dev.lifeboat.engine.store.LockedException;
import dev.lifeboat.engine.store.UnknownSnapshotException;
import dev.lifeboat.engine.workflow.PreflightException;
import dev.lifeboat.engine.workflow.ServerLockedException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Runs the command line: parses, dispatches to a command, maps the outcome to an exit code. */
public final class Cli {
    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private Cli() {}

    /** The command tree. Each working sub-command is added here, one line each. */
    static CommandLine commandLine() {
        return commandLine(Lifeboat.forCurrentUser());
    }

    /**
     * The command tree over one {@link Lifeboat}: the CLI's composition root. Each working sub-command is added
     * here, one line each.
     */
    static CommandLine commandLine(Lifeboat lifeboat) {
        CommandLine cl = new CommandLine(new LifeboatCommand());
        cl.addSubcommand(new DetectCommand(lifeboat));
        cl.addSubcommand(new PlanCommand(lifeboat));
        cl.addSubcommand(new BackupCommand(lifeboat));
        cl.addSubcommand(new SnapshotsCommand(lifeboat));
        cl.addSubcommand(new VerifyCommand(lifeboat));
        cl.addSubcommand(new RestoreCommand(lifeboat));
        cl.addSubcommand(new DrillCommand(lifeboat));
        cl.addSubcommand(new MigrateCommand(lifeboat));
        cl.addSubcommand(new UpgradeCommand(lifeboat));
        cl.addSubcommand(new ScheduleCommand(lifeboat));
        cl.addSubcommand(new StatusCommand(lifeboat));
        cl.addSubcommand(new NotifyCommand(lifeboat));
        cl.addSubcommand(new OffsiteCommand(lifeboat));
        cl.setExecutionExceptionHandler(Cli::handleExecutionException);
        return cl;
    }

    /** Runs {@code lifeboat ARGS} and returns the exit code (DESIGN §4). */
    public static int run(String[] args) {
        return commandLine().execute(args);
    }

    /** Runs with explicit output streams, for tests. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The exit code DESIGN §4 gives an engine failure. */
    static int exitCode(EngineException e) {
        if (e instanceof HostKeyException) {
            return ExitCodes.HOST_KEY_NOT_VERIFIED;
        }
        if (e instanceof CancelledException) {
            return ExitCodes.CANCELLED;
        }
        if (e instanceof UnknownSnapshotException) {
            return ExitCodes.USAGE; // a snapshot id that names nothing is a mistake in the command, as in DESIGN §4
        }
        if (e instanceof PreflightException
                || e instanceof DamagedSnapshotException // refused before anything changed, as a preflight refusal
                || e instanceof ServerLockedException
                || e instanceof LockedException
                || e instanceof ToolMissingException) {
            return ExitCodes.REFUSED_BY_PREFLIGHT;
        }
        return ExitCodes.FAILED;
    }

    private static int handleExecutionException(
            Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof EngineException) {
            LOG.error("{} failed: {}", commandLine.getCommandName(), e.getMessage(), e);
            err.println("lifeboat: " + e.getMessage());
            if (e instanceof AuthenticationException || e instanceof SudoException) {
                err.println("lifeboat: without a terminal to ask on, give the password with --password-file FILE.");
            }
            err.flush();
            return exitCode((EngineException) e);
        }
        LOG.error("{} failed unexpectedly", commandLine.getCommandName(), e);
        err.println("lifeboat: unexpected error: " + e
                + " (details in the log: ~/.local/state/lifeboat/logs/lifeboat.log)");
        err.flush();
        return ExitCodes.FAILED;
    }
}
