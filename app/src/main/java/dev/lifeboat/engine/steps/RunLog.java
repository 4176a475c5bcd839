package dev.lifeboat.engine.steps;

import dev.lifeboat.engine.progress.EventText;
import dev.lifeboat.engine.progress.WorkflowEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's log file ({@code run.log} in a snapshot): every event of the run as a line, masked already. Lines before the
 * file is known (the snapshot folder is made by a step) are kept and written when it is. A convenience: a run goes on
 * when it cannot be written.
 */
final class RunLog {
    private final List<String> early = new ArrayList<>();
    private BufferedWriter out;
    private boolean closed;

    synchronized void add(WorkflowEvent e) {
        if (closed || e instanceof WorkflowEvent.Progress) {
            return; // progress is for the screen; the log keeps what happened
        }
        String line = e.at() + " " + EventText.line(e);
        if (out == null) {
            if (early.size() < 100_000) {
                early.add(line);
            }
            return;
        }
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException x) {
            // The run log is a convenience; the run goes on without it.
        }
    }

    synchronized void open(Path file) {
        try {
            out = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            for (String l : early) {
                out.write(l);
                out.write('\n');
            }
            early.clear();
        } catch (IOException e) {
            out = null;
        }
    }

    synchronized void close() {
        closed = true;
        early.clear();
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // Nothing more to write.
            }
            out = null;
        }
    }
}
