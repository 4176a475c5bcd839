package dev.lifeboat.engine.stacks;

/**
 * SeaTable Server: the single-file layout ({@code /opt/seatable}), the early release repo, the multi-file
 * {@code /opt/seatable-compose} layout (4.3+) and 5.3+/6.x (dossier §3). All data: {@code COMPOSE_FILE} in {@code
 * .env} selects the files and the server volume mounted at {@code /shared} holds the data folders.
 */
public final class SeaTableStack extends DescriptorStack {
    public SeaTableStack() {
        super(DescriptorLoader.builtIn("seatable"));
    }
}
