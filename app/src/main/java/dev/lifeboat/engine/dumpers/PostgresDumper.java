package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.store.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL and PostGIS: {@code pg_dump -Fc} of every database that accepts connections (uncompressed inside, since
 * Lifeboat compresses the stream with zstd), plus {@code pg_dumpall --globals-only} for roles. Runs as the
 * container's {@code POSTGRES_USER} over the local socket; {@code POSTGRES_PASSWORD} from the container's environment
 * goes into {@code PGPASSWORD} where the socket asks for one.
 */
public final class PostgresDumper implements Dumper {
    /**
     * How long the dump and the counts wait for a table lock that another session holds (an open migration, a
     * {@code LOCK TABLE}): they run while the site is down, and without a limit they would wait for it forever.
     */
    static final String LOCK_TIMEOUT = "30s";

    private static final String LOGIN = "u=\"${POSTGRES_USER:-postgres}\"; PGPASSWORD=\"${POSTGRES_PASSWORD:-}\"; "
            + "export PGPASSWORD; [ -n \"$PGPASSWORD\" ] || unset PGPASSWORD; ";

    @Override
    public String kind() {
        return "postgresql";
    }

    @Override
    public String tool() {
        return "pg_dump";
    }

    @Override
    public Source probe(Docker docker, ContainerState c, String dataPath) throws EngineException {
        String script = "t=$(command -v pg_dump) || { echo 'MISSING pg_dump'; exit 0; }; "
                + "command -v pg_dumpall >/dev/null || { echo 'MISSING pg_dumpall'; exit 0; }; "
                + "command -v psql >/dev/null || { echo 'MISSING psql'; exit 0; }; " + LOGIN
                + "echo \"TOOL $t\"; psql -U \"$u\" -d postgres -At -c "
                + "'SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1' | sed 's/^/DB /'";
        Source s = Scripts.parseProbe(
                Scripts.run(docker, c, script, "list the PostgreSQL databases").stdout(), c, "PostgreSQL");
        List<String> dbs = new ArrayList<>();
        for (String db : s.databases()) {
            dbs.add(Scripts.checkedName(db));
        }
        return new Source(s.tool(), dbs);
    }

    @Override
    public List<DumpJob> jobs(Docker docker, ContainerState c, Source source) throws EngineException {
        List<DumpJob> jobs = new ArrayList<>();
        jobs.add(new DumpJob(
                c.label() + "-globals",
                "",
                "sql",
                "sql",
                docker.execScript(c, LOGIN + "exec pg_dumpall -U \"$u\" --globals-only", false),
                ""));
        for (String db : source.databases()) {
            jobs.add(new DumpJob(
                    c.label() + "-" + db,
                    db,
                    "pg_dump-custom",
                    "pgdump",
                    docker.execScript(
                            c,
                            LOGIN + "exec pg_dump -U \"$u\" -Fc -Z0 --lock-wait-timeout=" + LOCK_TIMEOUT + " -d " + db,
                            false),
                    // pg_dump takes its snapshot when it starts; the archive's first bytes come after it.
                    ""));
        }
        return jobs;
    }

    @Override
    public Map<String, Long> counts(Docker docker, ContainerState c, DumpJob job, String dumpStderr)
            throws EngineException {
        return counts(docker, c, job, dumpStderr, () -> {});
    }

    /**
     * Exact counts ({@code count(*)} per table), in a read-only {@code REPEATABLE READ} transaction of their own: its
     * snapshot is taken by the first query, which says so at once, so the counts describe the moment the application
     * stopped even when it already runs again while they go on (as MariaDB's).
     */
    @Override
    public Map<String, Long> counts(
            Docker docker, ContainerState c, DumpJob job, String dumpStderr, Runnable snapshotTaken)
            throws EngineException {
        if (job.database().isEmpty()) {
            snapshotTaken.run();
            return new LinkedHashMap<>();
        }
        String db = Scripts.checkedName(job.database());
        String sql = "SELECT table_schema || '.' || table_name, (xpath('/row/c/text()', query_to_xml(format("
                + "'SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text "
                + "FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN "
                + "('pg_catalog', 'information_schema') ORDER BY 1";
        String script = LOGIN + "psql -q -U \"$u\" -d " + db + " -At -F '\t' -v ON_ERROR_STOP=1 <<'SQL'\n"
                + "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
                + "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "';\n"
                + "SELECT '" + Scripts.SNAPSHOT_TAKEN + "';\n"
                + sql + ";\n"
                + "COMMIT;\n"
                + "SQL";
        String out = Scripts.runCounting(docker, c, script, "count the rows of " + db, snapshotTaken);
        return Scripts.tabCounts(db + ".", out);
    }

    @Override
    public String advice(String dumpStderr) {
        if (dumpStderr.contains("LOCK TABLE") && dumpStderr.contains("timeout")) {
            return "Another session held a lock on that table for more than " + LOCK_TIMEOUT + " (pg_stat_activity"
                    + " in the database's container shows which): end it or let it finish, then back up again.";
        }
        return "";
    }

    @Override
    public CommandSpec ready(Docker docker, ContainerState c) throws EngineException {
        return docker.execScript(
                c,
                LOGIN
                        + "pg_isready -q -h 127.0.0.1 -U \"$u\" && psql -h 127.0.0.1 -U \"$u\" -d postgres -Atc 'SELECT 1' >/dev/null",
                false);
    }

    @Override
    public CommandSpec load(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        if (dump.database() == null || dump.database().isEmpty()) {
            // Roles and tablespaces. The image's entrypoint already made its own user: "already exists" is expected.
            return docker.execScript(
                    c, LOGIN + "exec psql -q -U \"$u\" -d postgres -v ON_ERROR_STOP=0 >/dev/null", true);
        }
        String db = Scripts.checkedName(dump.database());
        // --create --clean: the database is made again as it was (owner, encoding), also when the image's entrypoint
        // created an empty one of that name. The maintenance database itself is restored in place.
        String restore = db.equals("postgres")
                ? "exec pg_restore -U \"$u\" -d postgres --clean --if-exists --exit-on-error"
                : "exec pg_restore -U \"$u\" -d postgres --create --clean --if-exists --exit-on-error";
        return docker.execScript(c, LOGIN + restore, true);
    }

    @Override
    public Map<String, Long> recount(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        return counts(
                docker,
                c,
                new DumpJob(dump.file(), dump.database() == null ? "" : dump.database(), dump.format(), "", null),
                "");
    }
}
