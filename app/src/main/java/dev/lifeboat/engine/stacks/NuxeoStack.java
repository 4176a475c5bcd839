package dev.lifeboat.engine.stacks;

/**
 * Nuxeo Platform: the Docker Hub {@code nuxeo} image (≤ 10.10, data in {@code /var/lib/nuxeo/data}) and the LTS
 * images (data in {@code /var/lib/nuxeo}), with PostgreSQL or MongoDB (dossier §5). All data.
 */
public final class NuxeoStack extends DescriptorStack {
    public NuxeoStack() {
        super(DescriptorLoader.builtIn("nuxeo"));
    }
}
