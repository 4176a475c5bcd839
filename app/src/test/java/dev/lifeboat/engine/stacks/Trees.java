package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.FsProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Small synthetic server trees for tests: write files by server path, then detect. */
final class Trees {
    private final Path root;

    Trees(Path root) {
        this.root = root;
    }

    /** Writes a file at a server path, creating folders. */
    Trees file(String serverPath, String text) {
        try {
            Path p = root.resolve(serverPath.substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Trees dir(String serverPath) {
        try {
            Files.createDirectories(root.resolve(serverPath.substring(1)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Detection detect() throws EngineException {
        return Detector.withBuiltInStacks().detect(new FsProbe(root));
    }

    DetectedStack only() throws EngineException {
        Detection d = detect();
        if (d.stacks().size() != 1) {
            throw new AssertionError("expected one stack, got " + d.stacks() + "; looked at " + d.lookedAt());
        }
        return d.stacks().get(0);
    }

    static Optional<Component> component(DetectedStack s, String path) {
        return s.components().stream().filter(c -> c.path().equals(path)).findFirst();
    }

    static String classOf(DetectedStack s, String path) {
        return component(s, path)
                .map(c -> c.componentClass().jsonName())
                .orElseThrow(() -> new AssertionError("no component " + path + " in "
                        + s.components().stream().map(Component::path).toList()));
    }
}
