package dev.lifeboat.engine.offsite;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.OffsiteRepository;
import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.steps.Step;
import dev.lifeboat.engine.steps.StepContext;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.UnknownSnapshotException;
import dev.lifeboat.engine.store.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalLong;

/**
 * Brings a snapshot back from a restic repository into a local folder and proves it is the snapshot that was pushed:
 * {@code fetch:NAME} restores it into {@code PLACE.fetching} beside its place, {@code verify-fetched} checks it against
 * its own manifest (every dump's sha256, every file's content, owner and mode as {@code files.index} has them, the
 * owners and modes coming back in the {@code user.rsync.*} xattrs restic keeps), and only then is it renamed to its
 * place. A copy that does not match is removed and the run fails, naming what differs.
 */
public final class OffsiteFetch {
    private final Restic restic;

    public OffsiteFetch(Restic restic) {
        this.restic = restic;
    }

    /**
     * The repository's snapshot {@code snapshot} names: a Lifeboat id {@code HOST/APP/ID}, or an ID only one snapshot
     * there has.
     */
    public static RemoteSnapshot find(List<RemoteSnapshot> there, String snapshot, OffsiteRepository r)
            throws UnknownSnapshotException {
        List<RemoteSnapshot> matches = there.stream()
                .filter(s -> s.id().equals(snapshot) || s.folder().equals(snapshot))
                .toList();
        if (matches.isEmpty()) {
            throw new UnknownSnapshotException("The off-site repository " + r.name() + " has no snapshot " + snapshot
                    + " ('lifeboat snapshots' lists what it has).");
        }
        if (matches.stream().map(RemoteSnapshot::id).distinct().count() > 1) {
            throw new UnknownSnapshotException("Several snapshots in " + r.name() + " have the id " + snapshot
                    + ": give HOST/APP/" + snapshot + ".");
        }
        return matches.get(matches.size() - 1); // the newest copy of that id
    }

    /** The steps that bring {@code s} back into {@code place} (which must not exist yet). */
    public List<Step> steps(RemoteSnapshot s, Path place) {
        Path partial = place.resolveSibling(place.getFileName() + ".fetching");
        String name = restic.repository().name();
        return List.of(
                Step.of(
                                "fetch:" + name,
                                "Bring " + s.id() + " back from the off-site repository " + name,
                                ctx -> fetch(ctx, s, partial))
                        .commands(List.of(ResticCommand.restore(restic.repository(), s.resticId(), partial)
                                .toString()))
                        .undo(ctx -> remove(partial)),
                Step.of("verify-fetched", "Verify the copy against its manifest", ctx -> verify(ctx, partial, place)));
    }

    private Step.Done fetch(StepContext ctx, RemoteSnapshot s, Path partial) throws EngineException {
        remove(partial); // what a cut fetch left
        try {
            Files.createDirectories(partial.getParent());
        } catch (IOException e) {
            throw new OffsiteException("Could not make " + partial.getParent() + ": " + e.getMessage(), e);
        }
        restic.run(
                ResticCommand.restore(restic.repository(), s.resticId(), partial),
                n -> {
                    // restic 0.16 and newer report their progress; 0.14 says nothing until it is done.
                    if (n.path("message_type").asText().equals("status")) {
                        OffsitePush.progress(ctx, n, "bytes_restored");
                    }
                },
                ctx.cancel());
        if (!SnapshotStore.complete(partial)) {
            throw new OffsiteException(
                    "The copy of " + s.id() + " in " + restic.repository().name() + " has no " + SnapshotStore.MANIFEST
                            + ": it is not a complete Lifeboat snapshot.");
        }
        return Step.Done.ok("into " + partial);
    }

    private Step.Done verify(StepContext ctx, Path partial, Path place) throws EngineException {
        Manifest m = SnapshotStore.readManifest(partial);
        long total = m.transfer() == null ? 0 : m.transfer().totalBytes();
        total += m.dumps().stream().mapToLong(Manifest.DumpEntry::bytes).sum();
        long all = total;
        Verifier.Result v = Verifier.verify(partial, b -> ctx.bytes(b, all), ctx.cancel());
        if (!v.ok()) {
            remove(partial);
            throw new OffsiteException("The copy from " + restic.repository().name() + " does not match its manifest,"
                    + " so it is not used: " + String.join("; ", v.problems()));
        }
        try {
            Files.move(partial, place, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OffsiteException("Could not move the verified copy to " + place + ": " + e.getMessage(), e);
        }
        return Step.Done.ok(v.dumps() + " dumps and " + v.files() + " files intact ("
                + ByteSizes.human(OptionalLong.of(v.bytes())) + "); in " + place);
    }

    /** Removes a folder that a fetch made (its files may be read-only). */
    static void remove(Path dir) throws EngineException {
        try {
            SnapshotStore.delete(dir);
        } catch (IOException e) {
            throw new OffsiteException("Could not remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
