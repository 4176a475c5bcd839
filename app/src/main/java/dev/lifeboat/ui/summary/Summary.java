package dev.lifeboat.ui.summary;

import java.nio.file.Path;
import java.util.List;

/**
 * What the Summary page shows of a finished run, in words: {@link BackupSummary} makes it for a backup, {@link
 * RestoreSummary} for a restore, drill or migration (the upgrade to come will make its own).
 *
 * @param title the page's heading, e.g. {@code Backup complete}
 * @param subtitle one sentence under it, saying what the page tells
 * @param headline the card's first line, e.g. {@code Snapshot 20261201T091500Z of Papermerge on srv-a is complete.}
 * @param good whether the run did what the user wanted; else the headline is red
 * @param rows the facts, in the order shown
 * @param problems what differs from the snapshot or was left behind; empty when nothing
 * @param folder the snapshot's folder, which the page offers to open
 * @param folderButton the text of the button that opens it
 * @param report the summary as text, for the clipboard
 * @param rollback what the page offers to go back to how things were (a migration's); null when nothing
 */
public record Summary(
        String title,
        String subtitle,
        String headline,
        boolean good,
        List<Row> rows,
        List<String> problems,
        Path folder,
        String folderButton,
        String report,
        Rollback rollback) {

    public Summary {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /**
     * One fact of the summary.
     *
     * @param key stable, for the value's id and style ({@code summary-KEY}) and for tests, e.g. {@code result}
     * @param label e.g. {@code Result}
     * @param value e.g. {@code every count matches the snapshot}
     */
    public record Row(String key, String label, String value) {}

    /** The value of the row {@code key}; empty when there is none. */
    public String value(String key) {
        return value(rows, key);
    }

    /** The value of the row {@code key} of {@code rows}; empty when there is none. */
    static String value(List<Row> rows, String key) {
        return rows.stream()
                .filter(r -> r.key().equals(key))
                .map(Row::value)
                .findFirst()
                .orElse("");
    }
}
