package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.store.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MariaDB and MySQL: {@code mariadb-dump} (or {@code mysqldump}) {@code --single-transaction --routines --events
 * --triggers}, one dump per database the server holds besides the system schemas. The root password comes from the
 * container's own environment ({@code MARIADB_ROOT_PASSWORD} or {@code MYSQL_ROOT_PASSWORD}, which compose set from
 * the stack's {@code .env}) into {@code MYSQL_PWD}, so it is never an argument.
 */
public final class MariaDbDumper implements Dumper {
    static final Set<String> SYSTEM = Set.of("information_schema", "performance_schema", "sys", "mysql");

    private static final String LOGIN =
            "MYSQL_PWD=\"${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}\"; export MYSQL_PWD; "
                    + "c=$(command -v mariadb || command -v mysql) || { echo 'MISSING mariadb or mysql (the client)'; exit 0; }; ";

    @Override
    public String kind() {
        return "mariadb";
    }

    @Override
    public String tool() {
        return "mariadb-dump";
    }

    @Override
    public Source probe(Docker docker, ContainerState c, String dataPath) throws EngineException {
        String script =
                "t=$(command -v mariadb-dump || command -v mysqldump) || { echo 'MISSING mariadb-dump or mysqldump'; exit 0; }; "
                        + LOGIN + "echo \"TOOL $t\"; \"$c\" -uroot -N -B -e 'SHOW DATABASES' | sed 's/^/DB /'";
        Source s = Scripts.parseProbe(
                Scripts.run(docker, c, script, "list the MariaDB databases").stdout(), c, "MariaDB");
        List<String> dbs = new ArrayList<>();
        for (String db : s.databases()) {
            if (!SYSTEM.contains(db)) {
                dbs.add(Scripts.checkedName(db));
            }
        }
        return new Source(s.tool(), dbs);
    }

    @Override
    public List<DumpJob> jobs(Docker docker, ContainerState c, Source source) throws EngineException {
        List<DumpJob> jobs = new ArrayList<>();
        for (String db : source.databases()) {
            String script = "MYSQL_PWD=\"${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}\"; export MYSQL_PWD; exec "
                    + source.tool() + " -uroot --single-transaction --routines --events --triggers --hex-blob"
                    + " --databases " + db;
            // --databases: CREATE DATABASE is written after START TRANSACTION WITH CONSISTENT SNAPSHOT (InnoDB tables).
            jobs.add(new DumpJob(
                    c.label() + "-" + db, db, "sql", "sql", docker.execScript(c, script, false), "\nCREATE DATABASE"));
        }
        return jobs;
    }

    @Override
    public Map<String, Long> counts(Docker docker, ContainerState c, DumpJob job, String dumpStderr)
            throws EngineException {
        return counts(docker, c, job, dumpStderr, () -> {});
    }

    /**
     * Exact counts ({@code COUNT(*)} per table, not the estimates of {@code information_schema.tables}), run by a
     * second client in a transaction {@code WITH CONSISTENT SNAPSHOT}: the snapshot is taken first and said on stdout
     * at once ({@code --unbuffered}), so the counts describe the moment the application stopped even when the
     * application already runs again while they go on.
     */
    @Override
    public Map<String, Long> counts(
            Docker docker, ContainerState c, DumpJob job, String dumpStderr, Runnable snapshotTaken)
            throws EngineException {
        String db = Scripts.checkedName(job.database());
        String script = LOGIN
                + "{ echo \"START TRANSACTION WITH CONSISTENT SNAPSHOT; SELECT '" + Scripts.SNAPSHOT_TAKEN + "';\"; "
                + "\"$c\" -uroot -N -B -e \"SELECT CONCAT('SELECT ''', table_name, ''', COUNT(*) FROM \\`', "
                + "table_schema, '\\`.\\`', table_name, '\\`;') FROM information_schema.tables WHERE table_schema = '"
                + db
                + "' AND table_type = 'BASE TABLE' ORDER BY table_name\" || echo 'SELECT no_such_column;'; "
                + "echo 'COMMIT;'; } | \"$c\" -uroot -N -B --unbuffered";
        String out = Scripts.runCounting(docker, c, script, "count the rows of " + db, snapshotTaken);
        return Scripts.tabCounts(db + ".", out);
    }

    @Override
    public CommandSpec ready(Docker docker, ContainerState c) throws EngineException {
        // Over the socket, as the dumps load; the entrypoint's first-start server runs with skip_networking on.
        return docker.execScript(
                c, LOGIN + "[ \"$(\"$c\" -uroot -N -B -e 'SELECT @@skip_networking' 2>/dev/null)\" = 0 ]", false);
    }

    @Override
    public CommandSpec load(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        // The dump was taken with --databases: it creates its database and says USE itself.
        return docker.execScript(c, LOGIN + "exec \"$c\" -uroot", true);
    }

    @Override
    public Map<String, Long> recount(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        return counts(docker, c, new DumpJob(dump.file(), dump.database(), dump.format(), "", null), "");
    }
}
