package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.store.Manifest;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MongoDB: {@code mongodump --archive} of the whole server to stdout. Where the container was created with a root
 * user ({@code MONGO_INITDB_ROOT_USERNAME}), the password reaches mongodump in a config file read from its stdin
 * ({@code --config /dev/stdin}), never as {@code --password}. The counts are what mongodump reports for each
 * collection ({@code done dumping DB.COLL (N documents)}).
 */
public final class MongoDumper implements Dumper {
    private static final Pattern DONE = Pattern.compile("done dumping (\\S+) \\((\\d+) documents?\\)");

    @Override
    public String kind() {
        return "mongodb";
    }

    @Override
    public String tool() {
        return "mongodump";
    }

    @Override
    public Source probe(Docker docker, ContainerState c, String dataPath) throws EngineException {
        String script = "t=$(command -v mongodump) || { echo 'MISSING mongodump'; exit 0; }; echo \"TOOL $t\"";
        return Scripts.parseProbe(
                Scripts.run(docker, c, script, "find mongodump").stdout(), c, "MongoDB");
    }

    @Override
    public List<DumpJob> jobs(Docker docker, ContainerState c, Source source) throws EngineException {
        String script = "if [ -n \"${MONGO_INITDB_ROOT_USERNAME:-}\" ]; then "
                + "printf \"password: '%s'\\n\" \"$(printf '%s' \"$MONGO_INITDB_ROOT_PASSWORD\" | sed \"s/'/''/g\")\" | exec "
                + source.tool()
                + " --config /dev/stdin --username \"$MONGO_INITDB_ROOT_USERNAME\" --authenticationDatabase admin"
                + " --archive; else exec " + source.tool() + " --archive; fi";
        return List.of(new DumpJob(c.label(), "", "mongodump-archive", "archive", docker.execScript(c, script, false)));
    }

    @Override
    public Map<String, Long> counts(Docker docker, ContainerState c, DumpJob job, String dumpStderr) {
        return Scripts.counts(DONE, dumpStderr);
    }

    @Override
    public CommandSpec ready(Docker docker, ContainerState c) throws EngineException {
        return docker.execScript(
                c,
                "s=$(command -v mongosh || command -v mongo) || exit 1; "
                        + "[ \"$(\"$s\" --quiet mongodb://127.0.0.1:27017/admin --eval 'db.runCommand({ping: 1}).ok' 2>/dev/null"
                        + " | tail -n 1)\" = 1 ]",
                false);
    }

    @Override
    public CommandSpec load(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        // The password goes in on a private file descriptor (stdin carries the archive), never as an argument.
        String script = "if [ -n \"${MONGO_INITDB_ROOT_USERNAME:-}\" ]; then "
                + "p=$(printf '%s' \"$MONGO_INITDB_ROOT_PASSWORD\" | sed \"s/'/''/g\"); "
                + "exec mongorestore --archive --drop --config /dev/fd/3 --username \"$MONGO_INITDB_ROOT_USERNAME\""
                + " --authenticationDatabase admin 3<<EOF\npassword: '$p'\nEOF\n"
                + "else exec mongorestore --archive --drop; fi";
        return docker.execScript(c, script, true);
    }

    @Override
    public Map<String, Long> recount(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        // mongodump says how many documents each collection holds; its archive goes nowhere.
        String script = "if [ -n \"${MONGO_INITDB_ROOT_USERNAME:-}\" ]; then "
                + "printf \"password: '%s'\\n\" \"$(printf '%s' \"$MONGO_INITDB_ROOT_PASSWORD\" | sed \"s/'/''/g\")\" | "
                + "mongodump --config /dev/stdin --username \"$MONGO_INITDB_ROOT_USERNAME\" --authenticationDatabase admin"
                + " --archive >/dev/null; else mongodump --archive >/dev/null; fi";
        RemoteShell.Captured out = Scripts.run(docker, c, script, "count the MongoDB documents");
        return counts(docker, c, null, out.stderr());
    }
}
