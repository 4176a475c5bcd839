package dev.lifeboat.cli;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Offsite;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --from NAME}: a restore or drill of a snapshot brought back from an off-site repository first. */
final class FromOption {
    @Option(
            names = "--from",
            paramLabel = "NAME",
            description = "Bring SNAPSHOT back from this off-site repository first (into the store, or a folder of its"
                    + " own when the store has it), verified against its own manifest; SNAPSHOT is then an id that"
                    + " 'snapshots' lists for that repository.")
    String repository;

    /** The snapshot brought back, or null without {@code --from}; its progress is printed like the run's. */
    Offsite.Fetched fetch(Lifeboat lifeboat, String snapshot, PrintWriter out, PrintWriter err, boolean json)
            throws EngineException {
        if (repository == null) {
            return null;
        }
        try (CtrlC ctrlC = new CtrlC(err, "restic stops; nothing is restored...")) {
            if (!json) {
                out.println("Bringing " + snapshot + " back from the off-site repository " + repository);
                out.flush();
            }
            return lifeboat.offsite().fetch(repository, snapshot, new EventPrinter(out, json, false), ctrlC.token());
        }
    }
}
