package dev.lifeboat.ui.run;

import java.util.Arrays;

/**
 * The newest lines of one log source, at most {@code capacity}: adding to a full ring drops the oldest line. Every
 * line ever added has a sequence number (0, 1, 2 …), so a view can tell which of its lines the ring still holds.
 * Grows its array on demand up to the capacity. Not thread-safe.
 */
final class LineRing {
    private final int capacity;
    private String[] lines;
    private int head; // array index of the oldest line
    private int size;
    private long firstSeq; // sequence number of the oldest line

    LineRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.lines = new String[Math.min(capacity, 64)];
    }

    /** Adds a line; returns 1 when the oldest line had to go to make room, else 0. */
    int add(String line) {
        if (size == capacity) {
            lines[head] = line;
            head = (head + 1) % capacity;
            firstSeq++;
            return 1;
        }
        if (size == lines.length) {
            grow();
        }
        lines[(head + size) % lines.length] = line;
        size++;
        return 0;
    }

    private void grow() {
        String[] bigger = new String[(int) Math.min(capacity, lines.length * 2L)];
        for (int i = 0; i < size; i++) {
            bigger[i] = lines[(head + i) % lines.length];
        }
        lines = bigger;
        head = 0;
    }

    /** Drops the {@code n} oldest lines (fewer when it holds fewer); returns how many went. */
    int dropOldest(int n) {
        int k = Math.min(n, size);
        for (int i = 0; i < k; i++) {
            lines[(head + i) % lines.length] = null;
        }
        head = (head + k) % lines.length;
        size -= k;
        firstSeq += k;
        return k;
    }

    /** The line with sequence number {@code seq}, which must lie in [{@link #firstSeq}, {@link #endSeq}). */
    String get(long seq) {
        long i = seq - firstSeq;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("seq " + seq + " not in [" + firstSeq + ", " + endSeq() + ")");
        }
        return lines[(int) ((head + i) % lines.length)];
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** The sequence number of the oldest line held (of the next line when empty). */
    long firstSeq() {
        return firstSeq;
    }

    /** The sequence number the next line will get. */
    long endSeq() {
        return firstSeq + size;
    }

    /** A frozen copy with the same lines and sequence numbers, sized to what it holds. */
    LineRing copy() {
        LineRing c = new LineRing(capacity);
        c.lines = new String[Math.max(1, size)];
        for (int i = 0; i < size; i++) {
            c.lines[i] = lines[(head + i) % lines.length];
        }
        c.size = size;
        c.firstSeq = firstSeq;
        return c;
    }

    void clear() {
        Arrays.fill(lines, null);
        head = 0;
        firstSeq += size;
        size = 0;
    }
}
