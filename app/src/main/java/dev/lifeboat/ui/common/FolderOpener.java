package dev.lifeboat.ui.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shows a local folder in the desktop's file manager. Returns at once; tests pass one that records the folder. */
@FunctionalInterface
public interface FolderOpener {

    void open(Path folder);

    /** The desktop's own opener ({@code xdg-open}, {@code open} or {@code explorer}), started off the FX thread. */
    static FolderOpener system() {
        Logger log = LoggerFactory.getLogger(FolderOpener.class);
        return folder -> FxTasks.background(() -> {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            List<String> cmd = os.contains("win")
                    ? List.of("explorer", folder.toString())
                    : os.contains("mac") ? List.of("open", folder.toString()) : List.of("xdg-open", folder.toString());
            try {
                new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                log.warn("could not open {} with {}: {}", folder, cmd.get(0), e.getMessage());
            }
        });
    }
}
