package dev.lifeboat.engine.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One snapshot folder of the store and its state, as {@link SnapshotStore#inspect} found it (docs/snapshot-format.md,
 * "Complete, incomplete or damaged"). Every listing of the store gives these, so that a front end never has to guess
 * from a file's presence.
 *
 * @param path the folder ({@code STORE/HOST/APP/ID})
 * @param state what it is
 * @param manifest its manifest, when it could be read (a damaged snapshot may have one); null otherwise
 * @param problems why it is damaged, for people (empty unless {@link State#DAMAGED})
 */
public record SnapshotFolder(Path path, State state, Manifest manifest, List<String> problems) {

    /** What a snapshot folder is. */
    public enum State {
        /** Its manifest reads and everything it lists is there as the manifest and index say: it can be restored. */
        COMPLETE,
        /**
         * A run that did not finish (failed, cut or still running): no manifest and no sign that it ever had one. The
         * next backup of the application finishes the newest one; retention removes older ones.
         */
        INCOMPLETE,
        /**
         * It was complete once and is not now, or it cannot be read: its manifest is unreadable, missing or of a newer
         * format, or something it lists is missing or changed, or its last verification failed. Listed with the
         * reason; never restored, drilled, linked to by a backup, counted or removed by retention.
         */
        DAMAGED;

        /** {@code complete}, {@code incomplete}, {@code damaged}: the word the CLI and its JSON use. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SnapshotFolder {
        problems = List.copyOf(problems);
        if (state == State.DAMAGED && problems.isEmpty()) {
            throw new IllegalArgumentException("a damaged snapshot says why");
        }
    }

    /** Its id: the folder name, e.g. {@code 20261201T083256Z}. */
    public String id() {
        return path.getFileName().toString();
    }

    public boolean complete() {
        return state == State.COMPLETE;
    }

    public boolean damaged() {
        return state == State.DAMAGED;
    }

    public boolean incomplete() {
        return state == State.INCOMPLETE;
    }

    /** The manifest, when it could be read. */
    public Optional<Manifest> readManifest() {
        return Optional.ofNullable(manifest);
    }

    /** Why it is not complete, in one line: the problems joined, or what an incomplete folder is; empty if complete. */
    public String reason() {
        return switch (state) {
            case COMPLETE -> "";
            case INCOMPLETE -> INCOMPLETE_REASON;
            case DAMAGED -> String.join("; ", problems);
        };
    }

    /** What an incomplete folder is, for people. */
    public static final String INCOMPLETE_REASON =
            "a run that did not finish (failed, cut, or running now): the next backup of this application finishes"
                    + " it";
}
