package dev.lifeboat.engine.stacks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one list of stacks (conventions rule 3). Adding an application: one descriptor in {@code
 * resources/dev/lifeboat/stacks}, one class, one line in {@link #builtIn()}.
 */
public final class StackRegistry {
    private StackRegistry() {}

    /** The stacks shipped with Lifeboat, in the order ties are broken. */
    public static List<Stack> builtIn() {
        return List.of(
                new OverleafStack(), new CytomineStack(), new SeaTableStack(), new PapermergeStack(), new NuxeoStack());
    }

    /**
     * The shipped stacks plus the user's descriptors from {@code configStacksDir} ({@code AppDirs.config()/stacks}).
     * Ids are unique: a user descriptor with the id of a shipped stack, or of a user descriptor read before it, is
     * refused with a message naming its file, and the first one kept. Broken user files are reported in {@code
     * problems} and skipped; detection goes on with the rest.
     */
    public static List<Stack> withUserDescriptors(Path configStacksDir, List<String> problems) {
        List<Stack> out = new ArrayList<>(builtIn());
        for (DescriptorLoader.Loaded l : DescriptorLoader.filesIn(configStacksDir, problems)) {
            String id = l.descriptor().id();
            boolean builtInId = builtIn().stream().anyMatch(s -> s.id().equals(id));
            if (builtInId || out.stream().anyMatch(s -> s.id().equals(id))) {
                problems.add("stack descriptor " + l.file() + " uses the id '" + id + "' of "
                        + (builtInId ? "a built-in stack" : "another of your descriptors")
                        + "; give it an id of its own. It was not used");
                continue;
            }
            out.add(new DescriptorStack(l.descriptor()));
        }
        return out;
    }
}
