package dev.lifeboat.engine.probe;

/**
 * The outcome of reading one file.
 *
 * @param path absolute server path
 * @param status what happened
 * @param text the file's text (UTF-8, malformed bytes replaced) when {@code status} is {@link Status#OK}, else empty
 * @param truncated true when the file was longer than {@link Probe#MAX_FILE_BYTES} and was cut
 */
public record FileText(String path, Status status, String text, boolean truncated) {

    /** What happened when reading. */
    public enum Status {
        OK,
        MISSING,
        UNREADABLE,
        /** Not read: the files read before it used up {@link Probe#MAX_READ_BYTES}. */
        SKIPPED
    }

    public static FileText missing(String path) {
        return new FileText(path, Status.MISSING, "", false);
    }

    public static FileText unreadable(String path) {
        return new FileText(path, Status.UNREADABLE, "", false);
    }

    public static FileText skipped(String path) {
        return new FileText(path, Status.SKIPPED, "", false);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
