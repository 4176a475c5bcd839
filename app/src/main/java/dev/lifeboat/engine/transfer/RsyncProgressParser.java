package dev.lifeboat.engine.transfer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads rsync's {@code --info=progress2} output. rsync rewrites its progress line with {@code \r}, so the stream is
 * cut at both {@code \r} and {@code \n}; each piece that looks like
 * {@code "  15,728,640  24%   20.28MB/s    0:00:00 (xfr#1, to-chk=54/56)"} becomes a {@link TransferProgress}, every
 * other non-blank piece goes to the line consumer. Not thread-safe: feed it from one thread.
 */
public final class RsyncProgressParser {
    private static final Pattern PROGRESS = Pattern.compile("^\\s*([\\d,.]+)\\s+(\\d{1,3})%\\s+([\\d.]+)([kMGT]?)B/s"
            + "\\s+(\\d+):(\\d{2}):(\\d{2})(?:\\s+\\(xfr#(\\d+),\\s+(to|ir)-chk=(\\d+)/(\\d+)\\))?\\s*$");

    private final Consumer<TransferProgress> progress;
    private final Consumer<String> otherLines;
    private final ByteArrayOutputStream piece = new ByteArrayOutputStream();

    public RsyncProgressParser(Consumer<TransferProgress> progress, Consumer<String> otherLines) {
        this.progress = progress;
        this.otherLines = otherLines;
    }

    /** Feeds bytes of rsync's stdout. */
    public void feed(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\r' || b[i] == '\n') {
                emit();
            } else {
                piece.write(b[i]);
            }
        }
    }

    /** Call at the end of the stream. */
    public void finish() {
        emit();
    }

    private void emit() {
        if (piece.size() == 0) {
            return;
        }
        String text = piece.toString(StandardCharsets.UTF_8);
        piece.reset();
        Optional<TransferProgress> p = parse(text);
        if (p.isPresent()) {
            progress.accept(p.get());
        } else if (!text.isBlank()) {
            otherLines.accept(text);
        }
    }

    /** One progress line, or empty when the text is not one. */
    public static Optional<TransferProgress> parse(String line) {
        Matcher m = PROGRESS.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        long bytes = Long.parseLong(m.group(1).replace(",", "").replace(".", ""));
        int percent = Integer.parseInt(m.group(2));
        double rate = Double.parseDouble(m.group(3)) * unit(m.group(4));
        Duration eta = Duration.ofHours(Long.parseLong(m.group(5)))
                .plusMinutes(Long.parseLong(m.group(6)))
                .plusSeconds(Long.parseLong(m.group(7)));
        long xfr = m.group(8) == null ? 0 : Long.parseLong(m.group(8));
        boolean known = m.group(9) == null || m.group(9).equals("to");
        long toCheck = m.group(10) == null ? -1 : Long.parseLong(m.group(10));
        long total = m.group(11) == null ? -1 : Long.parseLong(m.group(11));
        return Optional.of(new TransferProgress(bytes, percent, rate, Optional.of(eta), xfr, toCheck, total, known));
    }

    private static double unit(String prefix) {
        return switch (prefix) {
            case "k" -> 1024.0;
            case "M" -> 1024.0 * 1024;
            case "G" -> 1024.0 * 1024 * 1024;
            case "T" -> 1024.0 * 1024 * 1024 * 1024;
            default -> 1.0;
        };
    }
}
