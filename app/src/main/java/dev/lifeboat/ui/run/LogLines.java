package dev.lifeboat.ui.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.collections.ObservableListBase;

/**
 * The lines a log view shows, each with its sequence number in its source: a ring, so that dropping the oldest lines
 * costs nothing, and every update (drop some at the front, add some at the end) is one list change. Read-only for
 * the list's users; changed only by {@link LogViewModel}. Not thread-safe (FX thread in the window).
 */
final class LogLines extends ObservableListBase<String> {
    private final int capacity;
    private final String[] text;
    private final long[] seq;
    private int head;
    private int size;

    LogLines(int capacity) {
        this.capacity = capacity;
        this.text = new String[capacity];
        this.seq = new long[capacity];
    }

    @Override
    public String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return text[(head + index) % capacity];
    }

    @Override
    public int size() {
        return size;
    }

    /** The source sequence number of the line at {@code index}. */
    long seqAt(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return seq[(head + index) % capacity];
    }

    /** How many lines at the front have a sequence number below {@code seq}. */
    int countBefore(long firstKept) {
        int n = 0;
        while (n < size && seqAt(n) < firstKept) {
            n++;
        }
        return n;
    }

    /**
     * Drops the {@code drop} first lines and appends {@code add} (with their sequence numbers), as one change.
     *
     * @throws IllegalStateException when the result would not fit: the caller keeps the view within its source
     */
    void update(int drop, List<String> add, long[] addSeq) {
        if (drop == 0 && add.isEmpty()) {
            return;
        }
        if (size - drop + add.size() > capacity) {
            throw new IllegalStateException("a log view holds at most " + capacity + " lines");
        }
        beginChange();
        try {
            if (drop > 0) {
                List<String> removed = new ArrayList<>(drop);
                for (int i = 0; i < drop; i++) {
                    int j = (head + i) % capacity;
                    removed.add(text[j]);
                    text[j] = null;
                }
                head = (head + drop) % capacity;
                size -= drop;
                nextRemove(0, removed);
            }
            if (!add.isEmpty()) {
                int from = size;
                for (int i = 0; i < add.size(); i++) {
                    int j = (head + size) % capacity;
                    text[j] = add.get(i);
                    seq[j] = addSeq[i];
                    size++;
                }
                nextAdd(from, size);
            }
        } finally {
            endChange();
        }
    }

    /** Replaces every line, as one change. */
    void replaceAll(List<String> lines, long[] lineSeq) {
        if (lines.size() > capacity) {
            throw new IllegalStateException("a log view holds at most " + capacity + " lines");
        }
        if (size == 0 && lines.isEmpty()) {
            return;
        }
        beginChange();
        try {
            List<String> removed = new ArrayList<>(this);
            Arrays.fill(text, null);
            head = 0;
            size = lines.size();
            for (int i = 0; i < size; i++) {
                text[i] = lines.get(i);
                seq[i] = lineSeq[i];
            }
            if (!removed.isEmpty()) {
                nextRemove(0, removed);
            }
            if (size > 0) {
                nextAdd(0, size);
            }
        } finally {
            endChange();
        }
    }
}
