package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.transfer.FileTransfer;
import dev.lifeboat.engine.transfer.TransferProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A file transfer for the workflows' unit tests: a pull writes one small file per copied tree (as rsync would,
 * below the tree's full path), a push records where it went, a check finds whatever {@link #differences} holds.
 */
final class FakeFiles implements FileTransfer {
    final List<String> pushedTo = Collections.synchronizedList(new ArrayList<>());
    final List<String> differences = new ArrayList<>();

    @Override
    public Result pullTrees(
            List<String> paths,
            List<String> excludes,
            Path filesDir,
            Path linkDest,
            boolean asRoot,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        try {
            for (String p : paths) {
                Path dir = Files.createDirectories(filesDir.resolve(p.substring(1)));
                Files.writeString(dir.resolve("f.txt"), "x");
            }
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        return new Result(paths.size(), paths.size(), Duration.ZERO);
    }

    @Override
    public Result pushTrees(
            Path filesDir,
            List<String> paths,
            List<String> excludes,
            String destRoot,
            boolean asRoot,
            Consumer<String> differences,
            Consumer<TransferProgress> progress,
            CancelToken cancel) {
        if (differences != null) {
            this.differences.forEach(differences);
        } else {
            pushedTo.add(destRoot);
        }
        return new Result(1, 1, Duration.ZERO);
    }

    @Override
    public String describe() {
        return "fake files";
    }
}
