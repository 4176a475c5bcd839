package dev.lifeboat.ui.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and decisions of a live log pane: the newest lines of every source (a container, a step, the run itself),
 * bounded per source and in total; which source is shown, through which filter; whether the view follows the end,
 * was scrolled back, or is paused; search and copy.
 *
 * <p>Lines come in batches ({@link #append(Map)}, one per drain of the engine's events) and the shown list changes
 * once per batch: the lines its source dropped leave at the front, the new lines that pass the filter join at the
 * end; only the new lines are tested against the filter. While paused the shown list does not change; the source
 * goes on collecting (within its bound) and {@link #newLinesProperty()} counts what Resume will bring.
 *
 * <p>No controls here. One thread (the FX thread in the window; any single thread in tests).
 */
public final class LogViewModel {
    /** Lines kept per source; older ones are dropped. */
    public static final int MAX_LINES_PER_SOURCE = 10_000;

    /** Lines kept over all sources; past it the largest sources give up their oldest lines, down to one size. */
    public static final int MAX_LINES_TOTAL = 50_000;

    /** A longer line is cut to this many characters (and says so), so that one line cannot hold megabytes. */
    public static final int MAX_LINE_CHARS = 2_000;

    private final int maxPerSource;
    private final int maxTotal;
    private final Map<String, LineRing> rings = new HashMap<>();
    private final ObservableList<String> sources = FXCollections.observableArrayList();
    private final ObjectProperty<String> selectedSource = new SimpleObjectProperty<>();
    private final StringProperty filter = new SimpleStringProperty("");
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyLongWrapper newLines = new ReadOnlyLongWrapper(0);
    private final ReadOnlyStringWrapper resumeText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper countText = new ReadOnlyStringWrapper("");
    private final LogLines shown;
    private final ObservableList<String> shownReadOnly;

    private String appliedFilter = ""; // the filter the shown list reflects
    private LineRing frozen; // the shown source as it was when paused; null while live
    private long nextSeq; // the first line of the shown source not yet looked at
    private int totalLines;
    private long linesReceived;
    private long linesDropped;
    private long linesCut;
    private long linesSkipped;

    public LogViewModel() {
        this(MAX_LINES_PER_SOURCE, MAX_LINES_TOTAL);
    }

    /** For tests: the lines kept per source and in total. */
    public LogViewModel(int maxPerSource, int maxTotal) {
        if (maxPerSource < 1 || maxTotal < maxPerSource) {
            throw new IllegalArgumentException(maxPerSource + " per source, " + maxTotal + " in total");
        }
        this.maxPerSource = maxPerSource;
        this.maxTotal = maxTotal;
        this.shown = new LogLines(maxPerSource);
        this.shownReadOnly = FXCollections.unmodifiableObservableList(shown);
        selectedSource.addListener((obs, old, now) -> rebuild(paused.get()));
        filter.addListener((obs, old, now) -> filterChanged(now));
        following.addListener((obs, old, now) -> updateTexts());
        paused.addListener((obs, old, now) -> updateTexts());
        newLines.addListener((obs, old, now) -> updateTexts());
    }

    /** Forgets every line and source and follows again: a new run starts. */
    public void clear() {
        rings.clear();
        sources.clear();
        totalLines = 0;
        linesReceived = 0;
        linesDropped = 0;
        linesCut = 0;
        linesSkipped = 0;
        frozen = null;
        paused.set(false);
        following.set(true);
        newLines.set(0);
        selectedSource.set(null);
        rebuild(false);
    }

    /** Lines for one source, oldest first; see {@link #append(Map)}. */
    public void append(String source, List<String> lines) {
        append(Map.of(source, lines));
    }

    /**
     * Adds one batch: for each source its new lines, oldest first. A source seen for the first time joins {@link
     * #sources()} (the first one is shown). The shown list then changes once.
     */
    public void append(Map<String, List<String>> batch) {
        long arrived = 0;
        for (Map.Entry<String, List<String>> e : batch.entrySet()) {
            LineRing ring = ring(e.getKey());
            List<String> add = e.getValue();
            if (!following.get() && e.getKey().equals(selectedSource.get())) {
                // Every line that came counts, also those the bound drops before anyone sees them.
                for (String line : add) {
                    arrived += matches(line, appliedFilter) ? 1 : 0;
                }
            }
            // Lines a bound would drop at once are never stored.
            int skip = Math.max(0, add.size() - maxPerSource);
            linesDropped += skip;
            linesReceived += add.size();
            for (int i = skip; i < add.size(); i++) {
                int evicted = ring.add(cut(add.get(i)));
                linesDropped += evicted;
                totalLines += 1 - evicted;
            }
        }
        enforceTotal();
        catchUp();
        if (arrived > 0) {
            newLines.set(newLines.get() + arrived);
        }
        updateTexts();
    }

    /** The engine's queue skipped {@code n} lines in all so far because they came faster than the view takes them. */
    public void skipped(long n) {
        if (n != linesSkipped) {
            linesSkipped = n;
            updateTexts();
        }
    }

    private LineRing ring(String source) {
        LineRing r = rings.get(source);
        if (r == null) {
            r = new LineRing(maxPerSource);
            rings.put(source, r);
            sources.add(source);
            if (selectedSource.get() == null) {
                selectedSource.set(source);
            }
        }
        return r;
    }

    private String cut(String line) {
        if (line.length() <= MAX_LINE_CHARS) {
            return line;
        }
        linesCut++;
        return line.substring(0, MAX_LINE_CHARS) + " … (" + (line.length() - MAX_LINE_CHARS) + " more characters)";
    }

    /**
     * Past the total, the largest sources are cut down to one common size (the smaller ones keep everything), so
     * that a noisy container cannot wipe out a quiet one's lines. Lines left over go from the first listed.
     */
    private void enforceTotal() {
        int over = totalLines - maxTotal;
        if (over <= 0) {
            return;
        }
        List<LineRing> bySize = new ArrayList<>();
        for (String source : sources) {
            bySize.add(rings.get(source));
        }
        bySize.sort((a, b) -> Integer.compare(b.size(), a.size())); // stable: listing order within a size
        // Find the level: the k largest are cut to `level`, which frees exactly `over` lines or a little less.
        long above = 0;
        int k = 0;
        int level = 0;
        while (k < bySize.size()) {
            int next = k + 1 < bySize.size() ? bySize.get(k + 1).size() : 0;
            above += bySize.get(k).size();
            k++;
            long freed = above - (long) next * k;
            if (freed >= over) {
                level = (int) ((above - over + k - 1) / k); // ceil: free at most `over`
                break;
            }
        }
        int dropped = 0;
        for (int i = 0; i < k; i++) {
            dropped += bySize.get(i).dropOldest(bySize.get(i).size() - level);
        }
        for (int i = 0; dropped < over && i < k; i++) {
            dropped += bySize.get(i).dropOldest(1);
        }
        totalLines -= dropped;
        linesDropped += dropped;
    }

    /** Moves the shown list to its source's newest state: drops what the source dropped, adds what passes. */
    private void catchUp() {
        LineRing ring = selectedRing();
        if (ring == null) {
            return;
        }
        if (paused.get()) {
            nextSeq = ring.endSeq();
            return;
        }
        long from = Math.max(nextSeq, ring.firstSeq());
        List<String> add = new ArrayList<>();
        long[] addSeq = new long[Math.max(0, (int) (ring.endSeq() - from))];
        for (long s = from; s < ring.endSeq(); s++) {
            String line = ring.get(s);
            if (matches(line, appliedFilter)) {
                addSeq[add.size()] = s;
                add.add(line);
            }
        }
        nextSeq = ring.endSeq();
        shown.update(shown.countBefore(ring.firstSeq()), add, addSeq);
    }

    private LineRing selectedRing() {
        String s = selectedSource.get();
        return s == null ? null : rings.get(s);
    }

    /** Shows the selected source anew: all of its lines that pass the filter (frozen as they are now if paused). */
    private void rebuild(boolean freeze) {
        LineRing live = selectedRing();
        frozen = freeze && live != null ? live.copy() : null;
        LineRing base = frozen != null ? frozen : live;
        appliedFilter = filter.get() == null ? "" : filter.get();
        newLines.set(0);
        if (base == null) {
            nextSeq = 0;
            shown.replaceAll(List.of(), new long[0]);
            updateTexts();
            return;
        }
        nextSeq = base.endSeq();
        showAll(base);
    }

    /** The shown list becomes every line of {@code base} that passes the applied filter. */
    private void showAll(LineRing base) {
        List<String> lines = new ArrayList<>();
        long[] seqs = new long[base.size()];
        for (long s = base.firstSeq(); s < base.endSeq(); s++) {
            String line = base.get(s);
            if (matches(line, appliedFilter)) {
                seqs[lines.size()] = s;
                lines.add(line);
            }
        }
        shown.replaceAll(lines, seqs);
        updateTexts();
    }

    private void filterChanged(String now) {
        String f = now == null ? "" : now;
        if (f.toLowerCase(Locale.ROOT).contains(appliedFilter.toLowerCase(Locale.ROOT))) {
            // Narrower than before: only the lines shown now can still pass.
            List<String> lines = new ArrayList<>();
            long[] seqs = new long[shown.size()];
            for (int i = 0; i < shown.size(); i++) {
                if (matches(shown.get(i), f)) {
                    seqs[lines.size()] = shown.seqAt(i);
                    lines.add(shown.get(i));
                }
            }
            appliedFilter = f;
            if (lines.size() != shown.size()) {
                shown.replaceAll(lines, seqs);
            }
            updateTexts();
            return;
        }
        // Wider: lines hidden before may pass now, so the base is filtered again, once. While paused that is the
        // frozen copy, and the count of new lines carries on.
        if (frozen != null) {
            appliedFilter = f;
            showAll(frozen);
        } else {
            rebuild(false);
        }
    }

    /** Whether {@code line} contains {@code text}, ignoring case; an empty text matches every line. */
    public static boolean matches(String line, String text) {
        int m = text == null ? 0 : text.length();
        if (m == 0) {
            return true;
        }
        char first = text.charAt(0);
        char up = Character.toUpperCase(first);
        char low = Character.toLowerCase(first);
        for (int i = 0, last = line.length() - m; i <= last; i++) {
            char c = line.charAt(i);
            if ((c == up || c == low || Character.toLowerCase(c) == low) && line.regionMatches(true, i, text, 0, m)) {
                return true;
            }
        }
        return false;
    }

    // Follow, scroll back, pause

    /** Pause: the shown lines stay as they are; the source goes on collecting and new lines are counted. */
    public void pause() {
        if (paused.get()) {
            return;
        }
        LineRing live = selectedRing();
        frozen = live == null ? null : live.copy();
        following.set(false);
        newLines.set(0);
        paused.set(true);
    }

    /** Follow the end again (Resume, the Follow toggle, the "new lines" button): shows the newest lines. */
    public void follow() {
        if (paused.get()) {
            paused.set(false);
            following.set(true);
            rebuild(false);
            return;
        }
        newLines.set(0);
        following.set(true);
    }

    /** The user scrolled away from the end (or picked a line): the view stays live but no longer scrolls. */
    public void stopFollowing() {
        if (following.get()) {
            newLines.set(0);
            following.set(false);
        }
    }

    /** The user scrolled back to the end of a live view: it follows again. Nothing changes while paused. */
    public void scrolledToEnd() {
        if (!paused.get() && !following.get()) {
            newLines.set(0);
            following.set(true);
        }
    }

    // Search and copy

    /**
     * The index of the next shown line containing the search text, after {@code from} ({@code forward}) or before it,
     * wrapping around; -1 when no line matches or the search is empty. {@code from} may be -1 or {@code size()}.
     */
    public int find(int from, boolean forward) {
        String t = search.get();
        int n = shown.size();
        if (t == null || t.isEmpty() || n == 0) {
            return -1;
        }
        for (int k = 1; k <= n; k++) {
            int i = Math.floorMod(forward ? from + k : from - k, n);
            if (matches(shown.get(i), t)) {
                return i;
            }
        }
        return -1;
    }

    /** "3 of 12" for the match at {@code index}, "no match", or empty without a search. */
    public String matchText(int index) {
        String t = search.get();
        if (t == null || t.isEmpty()) {
            return "";
        }
        int count = 0;
        int rank = 0;
        for (int i = 0; i < shown.size(); i++) {
            if (matches(shown.get(i), t)) {
                count++;
                if (i == index) {
                    rank = count;
                }
            }
        }
        if (count == 0) {
            return "no match";
        }
        return rank == 0 ? count + (count == 1 ? " match" : " matches") : rank + " of " + count;
    }

    /** Whether a shown line is a search match (for its highlight). */
    public boolean isMatch(String line) {
        String t = search.get();
        return t != null && !t.isEmpty() && matches(line, t);
    }

    /** The text Copy puts on the clipboard: the lines at {@code selected} (in order), or every shown line. */
    public String copyText(List<Integer> selected) {
        List<String> out = new ArrayList<>();
        if (selected.isEmpty()) {
            out.addAll(shown);
        } else {
            selected.stream()
                    .filter(i -> i >= 0 && i < shown.size())
                    .sorted()
                    .distinct()
                    .forEach(i -> out.add(shown.get(i)));
        }
        return String.join("\n", out);
    }

    private void updateTexts() {
        long n = newLines.get();
        if (paused.get()) {
            resumeText.set(
                    "Paused" + (n > 0 ? " · " + count(n) + " new " + (n == 1 ? "line" : "lines") : "") + " · Resume");
        } else if (!following.get()) {
            resumeText.set(n > 0 ? "↓ " + count(n) + " new " + (n == 1 ? "line" : "lines") : "↓ Follow the end");
        } else {
            resumeText.set("");
        }
        LineRing base = frozen != null ? frozen : selectedRing();
        int all = base == null ? 0 : base.size();
        StringBuilder s = new StringBuilder();
        s.append(appliedFilter.isEmpty() ? count(all) : count(shown.size()) + " of " + count(all))
                .append(all == 1 ? " line" : " lines");
        if (linesSkipped > 0) {
            s.append(" · ").append(count(linesSkipped)).append(" skipped (too fast)");
        }
        countText.set(s.toString());
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    // Accessors

    /** What the view shows: one change per batch; read-only. */
    public ObservableList<String> shown() {
        return shownReadOnly;
    }

    /** The lines of one source as it holds them now (a copy), or null when it has none. */
    public List<String> linesOf(String source) {
        LineRing r = rings.get(source);
        if (r == null) {
            return null;
        }
        List<String> out = new ArrayList<>(r.size());
        for (long s = r.firstSeq(); s < r.endSeq(); s++) {
            out.add(r.get(s));
        }
        return out;
    }

    public ObservableList<String> sources() {
        return sources;
    }

    public ObjectProperty<String> selectedSourceProperty() {
        return selectedSource;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyBooleanProperty followingProperty() {
        return following.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** Lines that passed the filter since following stopped (or since Pause). */
    public ReadOnlyLongProperty newLinesProperty() {
        return newLines.getReadOnlyProperty();
    }

    /** What the "new lines" button says; empty while following. */
    public ReadOnlyStringProperty resumeTextProperty() {
        return resumeText.getReadOnlyProperty();
    }

    /** "1,234 lines", "12 of 1,234 lines" with a filter, and lines skipped when there were any. */
    public ReadOnlyStringProperty countTextProperty() {
        return countText.getReadOnlyProperty();
    }

    /** Lines received since {@link #clear()}, kept or not. */
    public long linesReceived() {
        return linesReceived;
    }

    /** Lines dropped by a bound since {@link #clear()}. */
    public long linesDropped() {
        return linesDropped;
    }

    /** Lines cut to {@link #MAX_LINE_CHARS} since {@link #clear()}. */
    public long linesCut() {
        return linesCut;
    }

    /** Lines the engine's queue skipped, as last told by {@link #skipped(long)}. */
    public long linesSkipped() {
        return linesSkipped;
    }

    /** Lines held over all sources now. */
    public int linesHeld() {
        return totalLines;
    }
}
