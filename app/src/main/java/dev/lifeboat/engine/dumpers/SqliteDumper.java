package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.store.Manifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLite: a consistent SQL dump of a database file taken inside the container that mounts it, with {@code sqlite3
 * -readonly FILE .dump} where the image has the CLI, else Python's {@code sqlite3} module ({@code iterdump}, one read
 * transaction). The file is read where the application reads it, so locks are honoured. The counts are rows per
 * table.
 */
public final class SqliteDumper implements Dumper {
    private static final String PY_DUMP = "import sqlite3,sys\n"
            + "c=sqlite3.connect('file:'+sys.argv[1]+'?mode=ro',uri=True)\n"
            + "for l in c.iterdump():\n    sys.stdout.write(l+'\\n')\n";
    private static final String PY_COUNT = "import sqlite3,sys\n"
            + "c=sqlite3.connect('file:'+sys.argv[1]+'?mode=ro',uri=True)\n"
            + "for (t,) in c.execute(\"SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            + " ORDER BY name\").fetchall():\n"
            + "    n=c.execute('SELECT count(*) FROM \"%s\"' % t.replace('\"','\"\"')).fetchone()[0]\n"
            + "    print('%s\\t%d' % (t,n))\n";

    @Override
    public String kind() {
        return "sqlite";
    }

    @Override
    public String tool() {
        return "sqlite3";
    }

    @Override
    public Source probe(Docker docker, ContainerState c, String dataPath) throws EngineException {
        String inContainer = containerPath(c, dataPath);
        String script = "if command -v sqlite3 >/dev/null 2>&1; then echo 'TOOL sqlite3'; "
                + "elif command -v python3 >/dev/null 2>&1 && python3 -c 'import sqlite3' 2>/dev/null; then "
                + "echo 'TOOL python3'; else echo 'MISSING sqlite3 (or python3 with its sqlite3 module)'; exit 0; fi; "
                + "[ -f \"$1\" ] && echo \"DB $1\" || { echo \"no database file $1 in the container\" >&2; exit 1; }";
        CommandSpec spec = docker.exec(c, List.of("sh", "-c", script, "sh", inContainer), false);
        var out = docker.shell().capture(spec);
        if (!out.ok()) {
            throw new EngineException("Could not find the SQLite database in container " + c.name() + ": "
                    + Scripts.firstLines(out.stderr()));
        }
        return Scripts.parseProbe(out.stdout(), c, "SQLite");
    }

    @Override
    public List<DumpJob> jobs(Docker docker, ContainerState c, Source source) throws EngineException {
        String file = source.databases().get(0);
        String base = file.substring(file.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        CommandSpec cmd = source.tool().equals("sqlite3")
                ? docker.exec(c, List.of("sqlite3", "-readonly", file, ".dump"), false)
                : docker.exec(c, List.of("python3", "-c", PY_DUMP, file), false);
        return List.of(new DumpJob(c.label() + "-" + base, file, "sql", "sql", cmd));
    }

    @Override
    public Map<String, Long> counts(Docker docker, ContainerState c, DumpJob job, String dumpStderr)
            throws EngineException {
        Map<String, Long> counts = new LinkedHashMap<>();
        CommandSpec spec = docker.exec(c, List.of("python3", "-c", PY_COUNT, job.database()), false);
        var out = docker.shell().capture(spec);
        if (!out.ok()) {
            // Without python3 there is no count; the dump itself is complete.
            return counts;
        }
        for (String line : out.stdout().split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2) {
                counts.put(f[0], Long.parseLong(f[1].strip()));
            }
        }
        return counts;
    }

    /** The server path of the file as the container sees it, through the mount that holds it. */
    static String containerPath(ContainerState c, String serverPath) throws EngineException {
        ContainerState.Mount best = null;
        for (ContainerState.Mount m : c.mounts()) {
            String src = m.source().replaceAll("/+$", "");
            if ((serverPath.equals(src) || serverPath.startsWith(src + "/"))
                    && (best == null || src.length() > best.source().length())) {
                best = m;
            }
        }
        if (best == null) {
            throw new EngineException("The SQLite file " + serverPath + " is not in a mount of " + c.name() + ".");
        }
        String src = best.source().replaceAll("/+$", "");
        return best.destination().replaceAll("/+$", "") + serverPath.substring(src.length());
    }

    @Override
    public CommandSpec ready(Docker docker, ContainerState c) throws EngineException {
        return docker.exec(c, List.of("true"), false);
    }

    @Override
    public boolean loadsIntoARunningServer() {
        return false;
    }

    /**
     * Runs on the server while the container is created but stopped: a one-off container of the same image with the
     * same mounts ({@code --volumes-from}, no network) reads the SQL on stdin into a new file beside the database, with
     * {@code sqlite3} or Python's {@code sqlite3} module, gives it the folder's owner and puts it in place of the
     * database; journal and WAL files of an older database are removed, they would be replayed into the new one.
     * Arguments: the container id and the database's path in the container.
     */
    @Override
    public CommandSpec load(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        String inContainer =
                """
                set -e
                f=$1; t="$f.lifeboat-load"
                rm -f "$t"
                if command -v sqlite3 >/dev/null 2>&1; then sqlite3 -bail "$t"
                else python3 -c 'import sqlite3,sys
                c=sqlite3.connect(sys.argv[1]); c.executescript(sys.stdin.read()); c.commit(); c.close()' "$t"; fi
                chown "$(stat -c %u:%g "$(dirname "$f")")" "$t"
                rm -f "$f-wal" "$f-shm" "$f-journal"
                mv -f "$t" "$f"
                """;
        String script =
                """
                set -e
                img=$(docker inspect --format '{{.Config.Image}}' "$1")
                exec docker run --rm -i --network none --user 0 --volumes-from "$1" --entrypoint sh "$img" -c "$3" sh "$2"
                """;
        return docker.script(script, List.of(c.id(), dump.database(), inContainer), true);
    }

    @Override
    public Map<String, Long> recount(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        return counts(docker, c, new DumpJob(dump.file(), dump.database(), dump.format(), "", null), "");
    }
}
