package dev.lifeboat.engine.service;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.OffsiteRepositories;
import dev.lifeboat.engine.config.OffsiteRepository;
import dev.lifeboat.engine.offsite.Keyring;
import dev.lifeboat.engine.offsite.Locations;
import dev.lifeboat.engine.offsite.OffsiteException;
import dev.lifeboat.engine.offsite.OffsiteFetch;
import dev.lifeboat.engine.offsite.OffsitePush;
import dev.lifeboat.engine.offsite.RemoteSnapshot;
import dev.lifeboat.engine.offsite.Restic;
import dev.lifeboat.engine.offsite.ResticCommand;
import dev.lifeboat.engine.offsite.ResticVersion;
import dev.lifeboat.engine.offsite.S3Keys;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.steps.Runner;
import dev.lifeboat.engine.steps.Step;
import dev.lifeboat.engine.store.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Off-site copies (ADR 0012): the user's restic repositories and what is done with them: add, remove, test, push
 * (by hand, and after every backup of an application a repository takes), check, and bring a snapshot back for a
 * restore or a drill. Got from {@link Lifeboat#offsite()}; the CLI's {@code offsite} commands and {@code --from}
 * call it. Pushes and fetches run as steps on the one runner, so their progress reaches the same listener as a
 * backup's.
 */
public final class Offsite {
    private final OffsiteRepositories config;
    private final SnapshotStore store;
    private final Keyring keyring;

    Offsite(Path configDir, SnapshotStore store, Keyring keyring) {
        this.config = new OffsiteRepositories(configDir);
        this.store = store;
        this.keyring = keyring;
    }

    /** The repositories the user added, by name. */
    public List<OffsiteRepository> repositories() throws EngineException {
        return config.list();
    }

    /** The repository called {@code name}. */
    public OffsiteRepository repository(String name) throws EngineException {
        return config.get(name);
    }

    /** The restic on this computer (fails with what to do when it is missing or too old). */
    public ResticVersion restic() throws EngineException {
        return Restic.installed();
    }

    /**
     * Adds a repository (or replaces the one of that name): keeps what must be kept in the secret store, then creates
     * the repository ({@code init}) or checks that it opens with the password, and only then saves it.
     *
     * @param password the password when {@code r} keeps it in the secret store; null when it is in a file
     * @param keys the S3 keys when {@code r} keeps them in the secret store; null otherwise
     */
    public List<RemoteSnapshot> add(OffsiteRepository r, char[] password, S3Keys keys, boolean init, CancelToken cancel)
            throws EngineException {
        if (!OffsiteRepository.validName(r.name())) {
            throw new OffsiteException("An off-site repository's name is letters, digits, '.', '_' and '-' (at most"
                    + " 64, starting with a letter or digit): " + r.name());
        }
        Restic.installed();
        boolean replacing = config.find(r.name()).isPresent();
        if (r.isS3() && r.s3() == null) {
            throw new OffsiteException("An S3 repository needs its keys: give them when asked, or in a file"
                    + " (--s3-credentials FILE, AWS's credentials format).");
        }
        if (r.password().inKeyring()) {
            if (password == null || password.length == 0) {
                throw new OffsiteException("No password was given for the repository " + r.name() + ".");
            }
            keyring.store(r.name(), Keyring.Kind.PASSWORD, password);
        } else {
            Restic.checkPrivate(Path.of(r.password().file()), "password");
        }
        if (r.s3() != null && r.s3().inKeyring()) {
            if (keys == null) {
                throw new OffsiteException("No S3 keys were given for the repository " + r.name() + ".");
            }
            keyring.store(r.name(), Keyring.Kind.S3_KEY_ID, keys.keyId());
            keyring.store(r.name(), Keyring.Kind.S3_SECRET, keys.secret());
        }
        try {
            Restic restic = Restic.open(r, keyring);
            if (init) {
                restic.run(ResticCommand.init(r), n -> {}, cancel);
            }
            List<RemoteSnapshot> there = RemoteSnapshot.parse(restic.runForJson(ResticCommand.snapshots(r), cancel));
            config.save(r);
            return there;
        } catch (EngineException e) {
            if (!replacing) {
                forgetSecrets(r);
            }
            throw e;
        }
    }

    /** Removes a repository from the list and its secrets from the secret store; its data stays where it is. */
    public boolean remove(String name) throws EngineException {
        OffsiteRepository r = config.get(name);
        forgetSecrets(r);
        return config.remove(name);
    }

    private void forgetSecrets(OffsiteRepository r) {
        try {
            if (r.password().inKeyring()) {
                keyring.clear(r.name(), Keyring.Kind.PASSWORD);
            }
            if (r.s3() != null && r.s3().inKeyring()) {
                keyring.clear(r.name(), Keyring.Kind.S3_KEY_ID);
                keyring.clear(r.name(), Keyring.Kind.S3_SECRET);
            }
        } catch (EngineException e) {
            // Nothing was kept there (no secret store here); nothing to forget.
        }
    }

    /** The Lifeboat snapshots in a repository, oldest first (opens it: tells a wrong password or a lost server). */
    public List<RemoteSnapshot> snapshots(String name, CancelToken cancel) throws EngineException {
        OffsiteRepository r = config.get(name);
        return RemoteSnapshot.parse(Restic.open(r, keyring).runForJson(ResticCommand.snapshots(r), cancel));
    }

    /**
     * Copies snapshots to a repository, then forgets what its keep rules let go.
     *
     * @param snapshot one snapshot (a folder or the id {@code snapshots} prints); null: every snapshot of the
     *     applications the repository takes that is not there yet and that its keep rules keep
     */
    public Runner.Result push(String name, String snapshot, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        OffsiteRepository r = config.get(name);
        OffsitePush push = new OffsitePush(Restic.open(r, keyring), store);
        if (snapshot != null && store.idOf(store.resolve(snapshot)).startsWith("/")) {
            throw new OffsiteException(snapshot + " is not in the store " + store.root() + ": a push copies the store's"
                    + " snapshots (give --store DIR for another store).");
        }
        List<Step> steps = snapshot != null
                ? push.steps(List.of(store.resolve(snapshot)), true)
                : push.steps(
                        store.allComplete().stream()
                                .filter(s -> r.takes(appId(s)))
                                .toList(),
                        false);
        return new Runner(listener).run(steps, cancel);
    }

    /**
     * After a backup, with the site up again: pushes the application's snapshots to every repository that takes it.
     * A failed push is a warning (the snapshot is complete here; the next push sends it); a cancel goes on to the
     * caller.
     */
    public void afterBackup(Path snapshot, ProgressListener listener, CancelToken cancel) throws CancelledException {
        String app = appId(snapshot);
        List<OffsiteRepository> targets;
        try {
            targets = config.list().stream().filter(r -> r.takes(app)).toList();
        } catch (EngineException e) {
            listener.on(new WorkflowEvent.Warning(Instant.now(), e.getMessage()));
            return;
        }
        for (OffsiteRepository r : targets) {
            try {
                List<Path> mine = new ArrayList<>();
                for (Path s : store.allComplete()) {
                    if (appId(s).equals(app)) {
                        mine.add(s);
                    }
                }
                new Runner(listener).run(new OffsitePush(Restic.open(r, keyring), store).steps(mine, false), cancel);
            } catch (CancelledException e) {
                throw e;
            } catch (EngineException e) {
                listener.on(new WorkflowEvent.Warning(
                        Instant.now(),
                        "The off-site copy to " + r.name() + " failed: " + e.getMessage() + " The snapshot is"
                                + " complete here; 'lifeboat offsite push " + r.name() + "' sends it."));
            }
        }
    }

    /** Checks a repository: its structure, and {@code readDataPercent} of its data read back (0 to 100). */
    public Runner.Result check(String name, int readDataPercent, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        OffsiteRepository r = config.get(name);
        Restic restic = Restic.open(r, keyring);
        ResticCommand cmd = ResticCommand.check(r, readDataPercent);
        Step step = Step.of(
                        "check:" + name,
                        "Check the off-site repository " + name
                                + (readDataPercent > 0
                                        ? ", reading " + Math.min(100, readDataPercent) + "% of its data"
                                        : ""),
                        ctx -> {
                            Restic.Result res = restic.runExclusive(cmd, n -> {}, ctx.cancel());
                            if (res.exit() != 0) {
                                res.lines().stream().filter(l -> !l.isBlank()).forEach(ctx::log);
                                throw new OffsiteException(Restic.explain(
                                        r,
                                        restic.version(),
                                        res.exit(),
                                        res.errors() + "\n" + String.join("\n", res.lines())));
                            }
                            res.lines().stream().filter(l -> !l.isBlank()).forEach(ctx::log);
                            return Step.Done.ok("no errors were found");
                        })
                .commands(List.of(cmd.toString()));
        return new Runner(listener).run(List.of(step), cancel);
    }

    /** A snapshot brought back from a repository; closing it removes it when it was only fetched for this run. */
    public record Fetched(Path snapshot, boolean temporary) implements AutoCloseable {
        @Override
        public void close() {
            if (temporary) {
                try {
                    SnapshotStore.delete(snapshot.getParent());
                } catch (IOException e) {
                    // A leftover copy in the folder beside the store; the next fetch of it replaces it.
                }
            }
        }
    }

    /**
     * Brings {@code snapshot} back from a repository and verifies it against its manifest. It lands in the store as
     * any snapshot (then {@code snapshots} shows it here and there) unless the store has it already: then in a
     * folder of its own that closing the result removes.
     */
    public Fetched fetch(String name, String snapshot, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        OffsiteRepository r = config.get(name);
        Restic restic = Restic.open(r, keyring);
        RemoteSnapshot s = OffsiteFetch.find(
                RemoteSnapshot.parse(restic.runForJson(ResticCommand.snapshots(r), cancel)), snapshot, r);
        Path place = store.root().resolve(s.id());
        boolean temporary = Files.exists(place);
        if (temporary) {
            // Beside the store, not in it (the store would list it), and most likely on the same disk.
            place = store.root()
                    .resolveSibling(store.root().getFileName() + ".offsite-fetch")
                    .resolve(name + "-" + s.folder())
                    .resolve(s.folder());
            try {
                SnapshotStore.delete(place.getParent());
            } catch (IOException e) {
                throw new OffsiteException("Could not empty " + place.getParent() + ": " + e.getMessage(), e);
            }
        }
        new Runner(listener).run(new OffsiteFetch(restic).steps(s, place), cancel);
        return new Fetched(place, temporary);
    }

    /** A snapshot in a repository. */
    public record Located(String repository, RemoteSnapshot snapshot) {}

    /**
     * Where the snapshots are: what each repository holds, by Lifeboat id. A repository that cannot be read is named
     * in {@code problems} (its snapshots are then unknown, never "gone").
     */
    public record Places(Map<String, List<String>> repositoriesById, List<Located> remote, List<String> problems) {
        /** {@code here}, {@code off-site} or {@code both}. */
        public String where(String id, boolean here) {
            boolean there = repositoriesById.containsKey(id);
            return here && there ? "both" : there ? "off-site" : "here";
        }
    }

    /** What every repository holds (each is asked once). */
    public Places places(CancelToken cancel) throws EngineException {
        Map<String, List<String>> byId = new TreeMap<>();
        List<Located> remote = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (OffsiteRepository r : config.list()) {
            try {
                Map<String, RemoteSnapshot> newest = new LinkedHashMap<>();
                for (RemoteSnapshot s : snapshots(r.name(), cancel)) {
                    newest.put(s.id(), s);
                }
                for (RemoteSnapshot s : newest.values()) {
                    byId.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(r.name());
                    remote.add(new Located(r.name(), s));
                }
            } catch (CancelledException e) {
                throw e;
            } catch (EngineException e) {
                problems.add(r.name() + " (" + Locations.display(r.location()) + "): " + e.getMessage());
            }
        }
        return new Places(byId, remote, problems);
    }

    /** {@code HOST/APP} of a snapshot folder in the store. */
    private String appId(Path snapshot) {
        String id = store.idOf(snapshot);
        int slash = id.lastIndexOf('/');
        return slash < 0 ? id : id.substring(0, slash);
    }
}
