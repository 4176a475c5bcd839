package dev.lifeboat.engine.stacks;

/** Papermerge 1.x to 3.x, including the linuxserver image (dossier §4). All data: image names and mount targets. */
public final class PapermergeStack extends DescriptorStack {
    public PapermergeStack() {
        super(DescriptorLoader.builtIn("papermerge"));
    }
}
