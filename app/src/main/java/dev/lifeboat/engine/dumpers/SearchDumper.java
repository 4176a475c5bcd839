package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.store.Manifest;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenSearch and Elasticsearch: every open index that is not a system index ({@code .name}), exported through the
 * REST API with {@code curl} inside the search container: for each index its definition ({@code GET /INDEX}) and its
 * documents, paged with a scroll. A logical dump like the databases' dumps, streamed back, with nothing written on
 * the server and no {@code path.repo} to configure, which the snapshot API would need (ADR 0008).
 *
 * <p>The dump is NDJSON: a line {@code {"lifeboat_index":NAME,"definition":...}} per index, then its pages, each a
 * line {@code {"lifeboat_page":NAME,"response":...}} holding a search response as the server sent it. Loading turns
 * it into index creations and {@code _bulk} requests ({@link SearchLoadStream}). The counts are documents per index
 * ({@code _count}).
 *
 * <p>A password, where the container has one ({@code ELASTIC_PASSWORD}, {@code OPENSEARCH_INITIAL_ADMIN_PASSWORD}),
 * reaches curl in a config file on a private file descriptor, never as an argument. Such secured clusters speak HTTPS
 * with their own certificate, which is not checked on 127.0.0.1 inside the container.
 */
public final class SearchDumper implements Dumper {
    private static final Pattern COUNT = Pattern.compile("^(\\S+) \\{.*?\"count\"\\s*:\\s*(\\d+)", Pattern.MULTILINE);

    /**
     * The script's first part: {@code c ARGS...} runs curl with the login (if any), {@code $u} is the server's base
     * URL, {@code indices} lists the open non-system indices.
     */
    static final String CURL =
            """
            if [ -n "${ELASTIC_PASSWORD:-}" ]; then login="elastic:$ELASTIC_PASSWORD"
            elif [ -n "${OPENSEARCH_INITIAL_ADMIN_PASSWORD:-}" ]; then login="admin:$OPENSEARCH_INITIAL_ADMIN_PASSWORD"
            else login=; fi
            login=$(printf '%s' "$login" | sed 's/[\\\\"]/\\\\&/g')
            c() {
                if [ -n "$login" ]; then
                    curl -sS -k -m 600 -K /dev/fd/3 "$@" 3<<EOF
            user = "$login"
            EOF
                else curl -sS -m 600 "$@"; fi
            }
            u=http://127.0.0.1:9200
            c -o /dev/null "$u/" 2>/dev/null || u=https://127.0.0.1:9200
            indices() {
                l=$(c -f "$u/_cat/indices?h=index&expand_wildcards=open") || return 1
                printf '%s\\n' "$l" | sed 's/[[:space:]]*$//' | grep -v -e '^[.]' -e '^$' | sort
            }
            """;

    @Override
    public String kind() {
        return "elasticsearch";
    }

    @Override
    public String tool() {
        return "curl";
    }

    @Override
    public Source probe(Docker docker, ContainerState c, String dataPath) throws EngineException {
        String script = "command -v curl >/dev/null 2>&1 || { echo 'MISSING curl'; exit 0; }\n" + CURL
                + """
                code=$(c -o /dev/null -w '%{http_code}' "$u/_cluster/health" 2>&1) || {
                    echo "the search server does not answer on $u inside its container: $code" >&2; exit 1; }
                case $code in
                    200) ;;
                    401|403) echo "the search server refused the login (HTTP $code): Lifeboat logs in with ELASTIC_PASSWORD or OPENSEARCH_INITIAL_ADMIN_PASSWORD from the container's environment" >&2; exit 1 ;;
                    *) echo "the search server answered HTTP $code on $u/_cluster/health" >&2; exit 1 ;;
                esac
                list=$(indices) || { echo "could not list the indices on $u" >&2; exit 1; }
                echo "TOOL $(command -v curl)"
                for i in $list; do echo "DB $i"; done
                """;
        return Scripts.parseProbe(
                Scripts.run(docker, c, script, "reach the search server").stdout(), c, "the search index");
    }

    @Override
    public List<DumpJob> jobs(Docker docker, ContainerState c, Source source) throws EngineException {
        String script = "set -e\n" + CURL
                + """
                list=$(indices)
                for i in $list; do
                    def=$(c -f "$u/$i")
                    printf '{"lifeboat_index":"%s","definition":%s}\\n' "$i" "$def"
                    page=$(c -f -H 'Content-Type: application/json' -X POST "$u/$i/_search?scroll=5m&size=1000" -d '{"sort":["_doc"]}')
                    while :; do
                        sid=$(printf '%s' "$page" | sed -n 's/^{"_scroll_id":"\\([^"]*\\)".*/\\1/p')
                        [ -n "$sid" ] || { echo "the search server gave no scroll id for index $i" >&2; exit 1; }
                        case $page in
                            *'"_index":"'*) printf '{"lifeboat_page":"%s","response":%s}\\n' "$i" "$page" ;;
                            *) break ;;
                        esac
                        page=$(printf '{"scroll":"5m","scroll_id":"%s"}' "$sid" | c -f -H 'Content-Type: application/json' -X POST "$u/_search/scroll" --data-binary @-)
                    done
                    printf '{"scroll_id":"%s"}' "$sid" | c -o /dev/null -H 'Content-Type: application/json' -X DELETE "$u/_search/scroll" --data-binary @- || true
                done
                """;
        // The documents of one index are read in one scroll, a point-in-time view; the indices follow each other. The
        // application that writes them is stopped, so the dump is consistent once it has ended.
        return List.of(new DumpJob(c.label(), "", "search-ndjson", "ndjson", docker.execScript(c, script, false)));
    }

    @Override
    public Map<String, Long> counts(Docker docker, ContainerState c, DumpJob job, String dumpStderr)
            throws EngineException {
        String script = "set -e\n" + CURL
                + "list=$(indices)\nfor i in $list; do n=$(c -f \"$u/$i/_count\"); printf '%s %s\\n' \"$i\" \"$n\"; done";
        return Scripts.counts(
                COUNT,
                Scripts.run(docker, c, script, "count the search documents").stdout());
    }

    @Override
    public CommandSpec ready(Docker docker, ContainerState c) throws EngineException {
        return docker.execScript(
                c,
                CURL
                        + "case $(c -o /dev/null -w '%{http_code}' \"$u/_cluster/health?wait_for_status=yellow&timeout=1s\")"
                        + " in 200) exit 0 ;; *) exit 1 ;; esac",
                false);
    }

    /**
     * Reads what {@link SearchLoadStream} makes of the dump: {@code INDEX name} and the index's creation body on the
     * next line (an index of that name is deleted first), {@code BULK bytes} and that many bytes of a {@code _bulk}
     * request.
     */
    @Override
    public CommandSpec load(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        String script = "set -e\n" + CURL
                + """
                while read -r what arg; do
                    case $what in
                        INDEX)
                            read -r body
                            c -o /dev/null -X DELETE "$u/$arg" 2>/dev/null || true
                            printf '%s' "$body" | c -f -o /dev/null -H 'Content-Type: application/json' -X PUT "$u/$arg" --data-binary @- \\
                                || { echo "could not create index $arg" >&2; exit 1; } ;;
                        BULK)
                            r=$(head -c "$arg" | c -f -H 'Content-Type: application/x-ndjson' -X POST "$u/_bulk" --data-binary @-)
                            case $r in
                                *'"errors":false'*) ;;
                                *) echo "the bulk load was refused: $(printf '%s' "$r" | head -c 1500)" >&2; exit 1 ;;
                            esac ;;
                        *) echo "unexpected line in the load stream: $what" >&2; exit 1 ;;
                    esac
                done
                c -f -o /dev/null -X POST "$u/_refresh"
                """;
        return docker.execScript(c, script, true);
    }

    @Override
    public InputStream loadInput(InputStream dump, Manifest.DumpEntry entry) {
        return new SearchLoadStream(dump);
    }

    @Override
    public Map<String, Long> recount(Docker docker, ContainerState c, Manifest.DumpEntry dump) throws EngineException {
        return counts(docker, c, null, "");
    }
}
