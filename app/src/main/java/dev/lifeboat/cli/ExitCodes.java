package dev.lifeboat.cli;

/** The exit codes of the command-line contract (DESIGN §4). Scripts and cron jobs rely on them: never renumber. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int REFUSED_BY_PREFLIGHT = 3;
    public static final int HOST_KEY_NOT_VERIFIED = 4;
    public static final int CANCELLED = 130;

    private ExitCodes() {}
}
