package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.store.Manifest;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Redis: {@code SAVE} (a consistent RDB of the moment, also when the server persists with AOF), then the RDB file
 * streamed back. A password from the container's {@code REDIS_PASSWORD} reaches redis-cli as {@code REDISCLI_AUTH}.
 * The counts are the keys per database ({@code INFO keyspace}).
 */
public final class RedisDumper implements Dumper {
    private static final Pattern KEYS = Pattern.compile("^(db\\d+):keys=(\\d+)", Pattern.MULTILINE);
    private static final String AUTH = "REDISCLI_AUTH=\"${REDIS_PASSWORD:-${REDISCLI_AUTH:-}}\"; export REDISCLI_AUTH; "
            + "[ -n \"$REDISCLI_AUTH\" ] || unset REDISCLI_AUTH; ";

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public String tool() {
        return "redis-cli";
    }

    @Override
    public Source probe(Docker docker, ContainerState c, String dataPath) throws EngineException {
        String script = "t=$(command -v redis-cli) || { echo 'MISSING redis-cli'; exit 0; }; " + AUTH
                + "p=$(redis-cli PING 2>&1); [ \"$p\" = PONG ] || { echo \"redis-cli PING answered: $p\" >&2; exit 1; }; "
                + "echo \"TOOL $t\"";
        return Scripts.parseProbe(Scripts.run(docker, c, script, "reach Redis").stdout(), c, "Redis");
    }

    @Override
    public List<DumpJob> jobs(Docker docker, ContainerState c, Source source) throws EngineException {
        String script = AUTH
                + "r=$(redis-cli SAVE 2>&1); [ \"$r\" = OK ] || { echo \"redis-cli SAVE answered: $r\" >&2; exit 1; }; "
                + "d=$(redis-cli --raw CONFIG GET dir | sed -n 2p); f=$(redis-cli --raw CONFIG GET dbfilename | sed -n 2p); "
                + "[ -f \"$d/$f\" ] || { echo \"no RDB file at $d/$f after SAVE\" >&2; exit 1; }; exec cat \"$d/$f\"";
        // SAVE writes Redis's own RDB file where it always keeps it; nothing else is written.
        // The RDB's first byte comes after SAVE returned: the file is complete, and a later save replaces it by a
        // rename, which leaves the copy being read whole.
        return List.of(new DumpJob(c.label(), "", "rdb", "rdb", docker.execScript(c, script, false), ""));
    }

    @Override
    public Map<String, Long> counts(Docker docker, ContainerState c, DumpJob job, String dumpStderr)
            throws EngineException {
        String out = Scripts.run(docker, c, AUTH + "redis-cli INFO keyspace", "count the Redis keys")
                .stdout();
        return Scripts.counts(KEYS, out.replace("\r", ""));
    }

    @Override
    public CommandSpec ready(Docker docker, ContainerState c) throws EngineException {
        return docker.execScript(c, AUTH + "[ \"$(redis-cli -h 127.0.0.1 PING 2>/dev/null)\" = PONG ]", false);
    }

    /**
     * Redis loads its files only when it starts, so this runs on the server (not in the container): it asks the
     * running, empty Redis where it keeps its files and whether it keeps an append-only file, stops it, puts the RDB
     * where it reads it at start — as the base of a new append-only file when AOF is on (Redis 7 ignores a lone RDB
     * then; before 7 an AOF may start with an RDB preamble) — and starts it again. Argument: the container id.
     */
    @Override
    public CommandSpec load(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        String script =
                """
                set -e
                id=$1
                cfg() { docker exec "$id" sh -c '%s redis-cli --raw CONFIG GET "$1" | sed -n 2p' sh "$1"; }
                dir=$(cfg dir); db=$(cfg dbfilename); aof=$(cfg appendonly); af=$(cfg appendfilename)
                ad=$(cfg appenddirname || true)
                host=$(docker inspect --format '{{range .Mounts}}{{.Destination}} {{.Source}}{{println}}{{end}}' "$id" \
                    | while read -r d s; do [ "$d" = "$dir" ] && echo "$s"; done | head -n 1)
                [ -n "$host" ] || { echo "Redis keeps its files in $dir, which is not a mount of its container" >&2; exit 1; }
                docker stop -t 30 "$id" >/dev/null
                rm -rf "$host/$db" "$host/$af"
                [ -z "$ad" ] || rm -rf "$host/$ad"
                cat > "$host/$db"
                if [ "$aof" = yes ]; then
                    if [ -n "$ad" ]; then
                        mkdir "$host/$ad"
                        cp "$host/$db" "$host/$ad/$af.1.base.rdb"
                        printf 'file %%s.1.base.rdb seq 1 type b\n' "$af" > "$host/$ad/$af.manifest"
                    else
                        cp "$host/$db" "$host/$af"
                    fi
                fi
                chown -R --reference="$host" "$host"
                docker start "$id" >/dev/null
                """
                        .formatted(AUTH);
        return docker.script(script, List.of(c.id()), true);
    }

    @Override
    public Map<String, Long> recount(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        return counts(docker, c, null, "");
    }
}
