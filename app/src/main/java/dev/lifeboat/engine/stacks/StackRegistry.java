package dev.lifeboat.engine.stacks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one list of stacks (STYLE rule 3). Adding an application: one descriptor in {@code
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
     * The shipped stacks plus the user's descriptors from {@code configStacksDir} ({@code AppDirs.config()/stacks});
     * a user descriptor with the id of a shipped one replaces it. Broken user files are reported in {@code problems}.
     */
    public static List<Stack> withUserDescriptors(Path configStacksDir, List<String> problems) {
        List<Stack> out = new ArrayList<>(builtIn());
        for (StackDescriptor d : DescriptorLoader.fromFolder(configStacksDir, problems)) {
            out.removeIf(s -> s.id().equals(d.id()));
            out.add(new DescriptorStack(d));
        }
        return out;
    }
}
