package dev.lifeboat.engine.workflow;

import com.github.luben.zstd.ZstdInputStream;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.dumpers.Dumper;
import dev.lifeboat.engine.dumpers.Dumpers;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.steps.StepContext;
import dev.lifeboat.engine.store.Manifest;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * What a restore does to a server's data: database folders emptied (the old ones kept aside), the site URL written, the
 * databases waited for, every dump loaded, and what they hold counted again. Paths go through the restore's {@link
 * RestoreWorkflow.Options#at placement}.
 */
final class RestoreData {
    static final String ASIDE = ".lifeboat-before-restore";
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9.:/_%@+-]+");
    private static final long READY_TIMEOUT_SECONDS = 240;

    /** How often a database is asked whether it takes connections: the site is down while a restore waits. */
    private static final long READY_POLL_MILLIS = 250;

    private final RemoteShell shell;
    private final Docker docker;

    RestoreData(RemoteShell shell, Docker docker) {
        this.shell = shell;
        this.docker = docker;
    }

    /**
     * Each dumped database's folder is made empty, so that its database starts as new and holds only what the dumps
     * bring. In place, the old folder is kept aside (once) until the restore has passed.
     */
    int emptyDatabaseFolders(Manifest m, RestoreWorkflow.Options o) throws EngineException {
        List<String> paths = new ArrayList<>();
        for (Manifest.ComponentEntry c : m.components()) {
            if ("dumped".equals(c.saved())) {
                paths.add(o.at(c.path()));
            }
        }
        if (paths.isEmpty()) {
            return 0;
        }
        String script =
                """
                for p in "$@"; do
                    a="$p%s"
                    if [ -f "$p" ] || [ -f "$a" ]; then
                        # a database file (SQLite) and its journal and WAL: the load writes a new one
                        for x in "" -wal -shm -journal; do
                            if [ -e "$a$x" ]; then rm -f "$p$x"; elif [ -e "$p$x" ]; then mv "$p$x" "$a$x"; fi
                        done
                        echo EMPTIED
                    elif [ -e "$a" ]; then rm -rf "$p"; mkdir -p "$p"; chown --reference="$a" "$p"; chmod --reference="$a" "$p"; echo EMPTIED
                    elif [ -e "$p" ]; then mv "$p" "$a"; mkdir -p "$p"; chown --reference="$a" "$p"; chmod --reference="$a" "$p"; echo EMPTIED
                    fi
                done
                """
                        .formatted(ASIDE);
        CommandSpec spec = CommandSpec.script(script, paths, true).asRoot();
        return (int) shell.capture(spec)
                .orThrow(spec)
                .stdout()
                .lines()
                .filter("EMPTIED"::equals)
                .count();
    }

    /** Removes the database folders kept aside, once the restore passed. */
    void removeAside(Manifest m) throws EngineException {
        List<String> paths = new ArrayList<>();
        for (Manifest.ComponentEntry c : m.components()) {
            if ("dumped".equals(c.saved())) {
                paths.add(c.path() + ASIDE);
            }
        }
        if (!paths.isEmpty()) {
            // with a database file's journal and WAL kept beside it
            shell.capture(CommandSpec.script(
                            "for p in \"$@\"; do rm -rf \"$p\" \"$p-wal\" \"$p-shm\" \"$p-journal\"; done", paths, true)
                    .asRoot());
        }
    }

    /** Writes the new site URL where the stack keeps it; returns how many settings changed. */
    int setSiteUrl(Manifest m, RestoreWorkflow.Options o, Maintenance maintenance, StepContext ctx)
            throws EngineException {
        int n = 0;
        for (Maintenance.SiteSetting s : maintenance.siteUrl()) {
            String value = RestoreWorkflow.siteValue(s, o.siteUrl());
            if (!SAFE_VALUE.matcher(value).matches()) {
                throw new PreflightException("The site URL " + o.siteUrl() + " has characters Lifeboat does not write"
                        + " into config files; use a plain https://host[:port] URL.");
            }
            String file = o.at(m.application().installDir() + "/" + s.file());
            String re =
                    switch (s.format()) {
                        case "yaml" -> "^\\([[:space:]]*-\\{0,1\\}[[:space:]]*"
                                + s.key().replace(".", "\\.") + "[[:space:]]*[:=][[:space:]]*\\).*$";
                        default -> "^\\(" + s.key().replace(".", "\\.") + "[[:space:]]*=[[:space:]]*\\).*$";
                    };
            String script =
                    """
                    f=$1; re=$2; v=$3; key=$4; fmt=$5
                    [ -f "$f" ] || { echo ABSENT; exit 0; }
                    if grep -q "$re" "$f"; then
                        sed -i "s|$re|\\\\1$v|" "$f"; echo CHANGED
                    elif [ "$fmt" != yaml ]; then
                        printf '\\n%%s=%%s\\n' "$key" "$v" >> "$f"; echo ADDED
                    else echo ABSENT; fi
                    """;
            String out = shell.capture(CommandSpec.script(script, List.of(file, re, value, s.key(), s.format()), true)
                            .asRoot())
                    .stdout();
            if (out.contains("CHANGED") || out.contains("ADDED")) {
                n++;
                ctx.log(s.key() + " = " + value + " in " + file);
            }
        }
        return n;
    }

    /** The services of the snapshot's dumps that run a database server, started alone before the load. */
    static Set<String> serversToStartFirst(Manifest m) {
        Set<String> out = new LinkedHashSet<>();
        for (Manifest.DumpEntry d : m.dumps()) {
            if (Dumpers.forKind(d.engine()).map(Dumper::loadsIntoARunningServer).orElse(true)) {
                out.add(d.service());
            }
        }
        return out;
    }

    void waitReady(String project, String service, Manifest m, StepContext ctx) throws EngineException {
        String engine = m.dumps().stream()
                .filter(d -> d.service().equals(service))
                .findFirst()
                .map(Manifest.DumpEntry::engine)
                .orElseThrow();
        Dumper dumper = dumper(engine);
        long deadline = System.nanoTime() + READY_TIMEOUT_SECONDS * 1_000_000_000L;
        while (true) {
            if (ctx.cancel().isCancelled()) {
                throw new CancelledException("Cancelled while waiting for " + service + ".");
            }
            ContainerState c = container(docker.project(project), service);
            if (c != null
                    && c.running()
                    && shell.capture(dumper.ready(docker, c)).ok()) {
                ctx.log(service + " takes connections");
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new EngineException(service + " did not take connections within " + READY_TIMEOUT_SECONDS
                        + " s after its start: look at its log (docker logs).");
            }
            sleep(READY_POLL_MILLIS);
        }
    }

    void loadDumps(Path snapshot, Manifest m, String project, StepContext ctx) throws EngineException {
        long total = m.dumps().stream().mapToLong(Manifest.DumpEntry::rawBytes).sum();
        long[] done = {0};
        List<ContainerState> containers = docker.project(project);
        for (Manifest.DumpEntry d : m.dumps()) {
            ContainerState c = container(containers, d.service());
            if (c == null) {
                throw new EngineException("The database service " + d.service() + " does not run after its start.");
            }
            Dumper dumper = dumper(d.engine());
            ctx.log("loading dumps/" + d.file() + " into " + d.service());
            CommandSpec spec = dumper.load(docker, c, d);
            Path file = snapshot.resolve("dumps").resolve(d.file());
            long base = done[0];
            OutputSink.Captured out = OutputSink.capture(64 * 1024);
            CommandResult r;
            try (InputStream in = dumper.loadInput(
                    new Counting(
                            new ZstdInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16)), n -> {
                                done[0] = base + n;
                                ctx.bytes(done[0], total);
                            }),
                    d)) {
                r = shell.run(spec, in, out, ctx.cancel());
            } catch (IOException e) {
                throw new EngineException("Could not read dumps/" + d.file() + ": " + e.getMessage(), e);
            }
            if (!r.ok()) {
                throw new EngineException("Loading dumps/" + d.file() + " into " + d.service() + " failed (status "
                        + r.exitStatus() + "): "
                        + BackupWorkflow.lastLines(spec.mask(out.stderrText() + "\n" + out.stdoutText())));
            }
            done[0] = base + d.rawBytes();
        }
        ctx.bytes(total, total);
    }

    /** What the databases hold now against the manifest's counts; empty when every count is equal. */
    List<String> compareCounts(Manifest m, String project) throws EngineException {
        return compareCounts(m, project, false);
    }

    /**
     * As {@link #compareCounts(Manifest, String)}; {@code upgraded}: after an upgrade's migrations, which may add
     * tables or collections of their own: only what the snapshot holds must still be there, with its counts.
     */
    List<String> compareCounts(Manifest m, String project, boolean upgraded) throws EngineException {
        String after = upgraded ? " after the upgrade, " : " after the restore, ";
        List<String> problems = new ArrayList<>();
        List<ContainerState> containers = docker.project(project);
        for (Manifest.DumpEntry d : m.dumps()) {
            if (d.counts() == null || d.counts().isEmpty()) {
                continue;
            }
            ContainerState c = container(containers, d.service());
            if (c == null) {
                problems.add(d.service() + " does not run: its counts cannot be compared");
                continue;
            }
            Map<String, Long> now = dumper(d.engine()).recount(docker, c, d);
            for (Map.Entry<String, Long> e : d.counts().entrySet()) {
                Long n = now.get(e.getKey());
                if (!e.getValue().equals(n)) {
                    problems.add(d.service() + " " + e.getKey() + ": " + (n == null ? "missing" : n) + after
                            + e.getValue() + " in the snapshot");
                }
            }
            for (String k : now.keySet()) {
                if (!upgraded && !d.counts().containsKey(k) && now.get(k) != 0) {
                    problems.add(d.service() + " " + k + ": " + now.get(k) + " after the restore, not in the snapshot");
                }
            }
        }
        return problems;
    }

    static ContainerState container(List<ContainerState> containers, String service) {
        return containers.stream()
                .filter(c -> c.service().equals(service))
                .findFirst()
                .orElse(null);
    }

    private static Dumper dumper(String engine) throws EngineException {
        return Dumpers.forKind(engine)
                .orElseThrow(() -> new EngineException("Lifeboat has no loader for " + engine + " dumps."));
    }

    private static void sleep(long ms) throws CancelledException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted.");
        }
    }

    /** Counts the bytes read through it (told at most once per MiB). */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer onRead;
        private long n;
        private long lastReport;

        Counting(InputStream in, LongConsumer onRead) {
            super(in);
            this.onRead = onRead;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0) {
                add(r);
            }
            return r;
        }

        private void add(long k) {
            n += k;
            if (n - lastReport > (1 << 20)) {
                lastReport = n;
                onRead.accept(n);
            }
        }
    }
}
