#!/usr/bin/python3
"""STUB, not OpenSearch/Elasticsearch: answers the part of the REST API a backup tool and the application stand-ins
use, and keeps its state in the data dir (STANDIN_SEARCH_DATA, the real image's data path) so it survives restarts.

  GET /, GET /_cluster/health, GET /_cat/indices[?format=json]
  PUT|GET|DELETE /_snapshot/<repo>   (type fs; settings.location absolute, or relative to path.repo)
  PUT|POST /_snapshot/<repo>/<snap>[?wait_for_completion=true]   GET /_snapshot/<repo>/_all|<snap>
  POST /_snapshot/<repo>/<snap>/_restore   DELETE /_snapshot/<repo>/<snap>
  PUT|DELETE|HEAD /<index>, PUT|POST /<index>/_doc[/<id>], GET /<index>/_doc/<id>, GET /<index>/_count,
  GET|POST /<index>/_search (match_all, size, scroll), POST|DELETE /_search/scroll, POST /_bulk (index, create,
  delete), POST [/<index>]/_refresh

Replies are compact JSON (no spaces), as the real servers send them. A scroll pages through a copy of the index taken at
its first request, in document id order.

A snapshot is one JSON file <location>/snap-<name>.json plus <location>/index.json listing them (not the real
repository format). Restoring over an existing index fails, as it does in the real servers.
"""
import json
import os
import signal
import socket
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DATA = os.environ.get("STANDIN_SEARCH_DATA", "/usr/share/opensearch/data")
FLAVOUR = os.environ.get("STANDIN_SEARCH_FLAVOUR", "opensearch")
VERSION = os.environ.get("STANDIN_SEARCH_VERSION", "1.3.19")
PATH_REPO = os.environ.get("path.repo", os.path.join(os.path.dirname(DATA), "snapshots"))
STATE_FILE = os.path.join(DATA, "standin-search-state.json")
LOCK = threading.Lock()
SCROLLS = {}


def load():
    try:
        with open(STATE_FILE) as f:
            return json.load(f)
    except FileNotFoundError:
        return {"indices": {}, "repos": {}}


STATE = load()


def save():
    tmp = STATE_FILE + ".tmp"
    with open(tmp, "w") as f:
        json.dump(STATE, f, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, STATE_FILE)


def new_index(name):
    return {"uuid": uuid.uuid4().hex[:22], "docs": {}, "created": int(time.time() * 1000)}


def repo_dir(repo):
    loc = STATE["repos"][repo]["settings"]["location"]
    return loc if os.path.isabs(loc) else os.path.join(PATH_REPO, loc)


def repo_index(repo):
    try:
        with open(os.path.join(repo_dir(repo), "index.json")) as f:
            return json.load(f)
    except FileNotFoundError:
        return {"snapshots": []}


def select_indices(spec):
    names = sorted(STATE["indices"])
    if not spec or spec in ("_all", "*"):
        return names
    wanted = spec if isinstance(spec, list) else spec.split(",")
    out = []
    for w in wanted:
        if w.endswith("*"):
            out += [n for n in names if n.startswith(w[:-1])]
        elif w in STATE["indices"]:
            out.append(w)
    return sorted(set(out))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stdout.write("[search-stub] %s %s\n" % (self.command, self.path))
        sys.stdout.flush()

    def reply(self, code, body, text=False):
        data = body.encode() if text else json.dumps(body, separators=(",", ":")).encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=UTF-8" if text else "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def error(self, code, typ, reason):
        self.reply(code, {"error": {"root_cause": [{"type": typ, "reason": reason}], "type": typ, "reason": reason},
                          "status": code})

    def raw(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def body(self):
        raw = self.raw()
        return json.loads(raw) if raw.strip() else {}

    def do_HEAD(self):
        self.route()

    def do_GET(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_DELETE(self):
        self.route()

    def route(self):
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        parts = [p for p in url.path.split("/") if p]
        try:
            with LOCK:
                self.dispatch(self.command, parts, q)
        except json.JSONDecodeError as e:
            self.error(400, "parse_exception", str(e))

    def dispatch(self, m, parts, q):
        if not parts:
            return self.reply(200, {
                "name": socket.gethostname(), "cluster_name": os.environ.get("cluster.name", FLAVOUR),
                "cluster_uuid": "standin", "standin": "STUB, not a real search server",
                "version": {"distribution": FLAVOUR, "number": VERSION, "build_type": "stub"},
                "tagline": "The OpenSearch Project: https://opensearch.org/" if FLAVOUR == "opensearch"
                else "You Know, for Search"})
        if parts[0] == "_cluster" and parts[1:] == ["health"]:
            n = len(STATE["indices"])
            return self.reply(200, {"cluster_name": os.environ.get("cluster.name", FLAVOUR), "status": "green",
                                    "timed_out": False, "number_of_nodes": 1, "number_of_data_nodes": 1,
                                    "active_primary_shards": n, "active_shards": n, "unassigned_shards": 0})
        if parts[0] == "_cat" and parts[1:2] == ["indices"]:
            rows = [{"health": "green", "status": "open", "index": name, "uuid": ix["uuid"], "pri": "1", "rep": "0",
                     "docs.count": str(len(ix["docs"])), "docs.deleted": "0",
                     "store.size": str(len(json.dumps(ix["docs"]))), "pri.store.size": str(len(json.dumps(ix["docs"])))}
                    for name, ix in sorted(STATE["indices"].items())]
            if q.get("h"):
                cols = q["h"].split(",")
                rows = [{c: r.get(c, "") for c in cols} for r in rows]
            if q.get("format") == "json":
                return self.reply(200, rows)
            lines = [" ".join(r.values()) for r in rows]
            if "v" in q:
                lines.insert(0, " ".join(rows[0].keys()) if rows else "health status index uuid pri rep docs.count")
            return self.reply(200, "".join(line + "\n" for line in lines), text=True)
        if parts[0] == "_snapshot":
            return self.snapshot(m, parts[1:], q)
        if parts == ["_search", "scroll"] or parts[:2] == ["_search", "scroll"]:
            return self.scroll(m, parts[2:], q)
        if parts == ["_bulk"] and m in ("POST", "PUT"):
            return self.bulk()
        if parts == ["_refresh"] and m in ("POST", "GET"):
            return self.reply(200, {"_shards": {"total": 1, "successful": 1, "failed": 0}})
        if parts[0].startswith("_"):
            return self.error(400, "illegal_argument_exception", f"unsupported by the stub: {self.path}")
        return self.index_api(m, parts, q)

    def snapshot(self, m, parts, q):
        if not parts:
            return self.reply(200, STATE["repos"])
        repo = parts[0]
        if len(parts) == 1:
            if m in ("PUT", "POST"):
                body = self.body()
                if body.get("type") != "fs" or "location" not in body.get("settings", {}):
                    return self.error(400, "repository_exception", "the stub supports type fs with settings.location")
                STATE["repos"][repo] = {"type": "fs", "settings": body["settings"]}
                os.makedirs(repo_dir(repo), exist_ok=True)
                save()
                return self.reply(200, {"acknowledged": True})
            if repo not in STATE["repos"]:
                return self.error(404, "repository_missing_exception", f"[{repo}] missing")
            if m == "DELETE":
                del STATE["repos"][repo]
                save()
                return self.reply(200, {"acknowledged": True})
            return self.reply(200, {repo: STATE["repos"][repo]})
        if repo not in STATE["repos"]:
            return self.error(404, "repository_missing_exception", f"[{repo}] missing")
        snap = parts[1]
        index = repo_index(repo)
        folder = repo_dir(repo)
        if len(parts) == 3 and parts[2] == "_restore" and m == "POST":
            return self.restore(repo, snap, index, folder, q)
        if m in ("PUT", "POST"):
            if any(s["snapshot"] == snap for s in index["snapshots"]):
                return self.error(400, "invalid_snapshot_name_exception", f"[{repo}:{snap}] snapshot with the same name already exists")
            body = self.body()
            names = select_indices(body.get("indices"))
            start = int(time.time() * 1000)
            content = {name: STATE["indices"][name] for name in names}
            with open(os.path.join(folder, f"snap-{snap}.json"), "w") as f:
                json.dump(content, f, sort_keys=True)
            info = {"snapshot": snap, "uuid": uuid.uuid4().hex[:22], "version": VERSION, "indices": names,
                    "state": "SUCCESS", "start_time_in_millis": start, "end_time_in_millis": int(time.time() * 1000),
                    "shards": {"total": len(names), "failed": 0, "successful": len(names)}}
            index["snapshots"].append(info)
            with open(os.path.join(folder, "index.json"), "w") as f:
                json.dump(index, f, sort_keys=True)
            if q.get("wait_for_completion") == "true":
                return self.reply(200, {"snapshot": info})
            return self.reply(200, {"accepted": True})
        if m == "DELETE":
            index["snapshots"] = [s for s in index["snapshots"] if s["snapshot"] != snap]
            with open(os.path.join(folder, "index.json"), "w") as f:
                json.dump(index, f, sort_keys=True)
            try:
                os.remove(os.path.join(folder, f"snap-{snap}.json"))
            except FileNotFoundError:
                pass
            return self.reply(200, {"acknowledged": True})
        wanted = [s for s in index["snapshots"] if snap in ("_all", "*") or s["snapshot"] in snap.split(",")]
        if not wanted and snap not in ("_all", "*"):
            return self.error(404, "snapshot_missing_exception", f"[{repo}:{snap}] is missing")
        return self.reply(200, {"snapshots": wanted})

    def restore(self, repo, snap, index, folder, q):
        if not any(s["snapshot"] == snap for s in index["snapshots"]):
            return self.error(404, "snapshot_missing_exception", f"[{repo}:{snap}] is missing")
        with open(os.path.join(folder, f"snap-{snap}.json")) as f:
            content = json.load(f)
        body = self.body()
        names = sorted(content)
        if body.get("indices"):
            wanted = body["indices"] if isinstance(body["indices"], list) else body["indices"].split(",")
            names = [n for n in names if any(n == w or (w.endswith("*") and n.startswith(w[:-1])) for w in wanted)]
        for name in names:
            if name in STATE["indices"]:
                return self.error(500, "snapshot_restore_exception",
                                  f"[{repo}:{snap}] cannot restore index [{name}] because an open index with same "
                                  f"name already exists in the cluster. Either close or delete the existing index")
        for name in names:
            STATE["indices"][name] = content[name]
        save()
        info = {"snapshot": snap, "indices": names,
                "shards": {"total": len(names), "failed": 0, "successful": len(names)}}
        if q.get("wait_for_completion") == "true":
            return self.reply(200, {"snapshot": info})
        return self.reply(200, {"accepted": True})

    def scroll(self, m, parts, q):
        body = self.body()
        sid = parts[0] if parts else body.get("scroll_id", q.get("scroll_id"))
        if m == "DELETE":
            ids = sid if isinstance(sid, list) else [sid]
            freed = sum(1 for i in ids if SCROLLS.pop(i, None) is not None)
            return self.reply(200, {"succeeded": True, "num_freed": freed})
        sc = SCROLLS.get(sid)
        if sc is None:
            return self.error(404, "search_context_missing_exception", f"No search context found for id [{sid}]")
        page = sc["hits"][sc["at"]:sc["at"] + sc["size"]]
        sc["at"] += len(page)
        return self.reply(200, {"_scroll_id": sid, "took": 1, "timed_out": False, "hits": {
            "total": {"value": len(sc["hits"]), "relation": "eq"}, "max_score": 1.0, "hits": page}})

    def bulk(self):
        lines = [line for line in self.raw().decode().split("\n") if line.strip()]
        items, errors, i, touched = [], False, 0, False
        while i < len(lines):
            action = json.loads(lines[i])
            (op, meta), = action.items()
            name, doc_id = meta.get("_index"), meta.get("_id") or uuid.uuid4().hex[:20]
            i += 1
            if op == "delete":
                ix = STATE["indices"].get(name)
                found = ix is not None and ix["docs"].pop(doc_id, None) is not None
                items.append({op: {"_index": name, "_id": doc_id, "status": 200 if found else 404,
                                   "result": "deleted" if found else "not_found"}})
                touched = True
                continue
            source = json.loads(lines[i])
            i += 1
            ix = STATE["indices"].setdefault(name, new_index(name))
            if op == "create" and doc_id in ix["docs"]:
                errors = True
                items.append({op: {"_index": name, "_id": doc_id, "status": 409,
                                   "error": {"type": "version_conflict_engine_exception"}}})
                continue
            result = "updated" if doc_id in ix["docs"] else "created"
            ix["docs"][doc_id] = source
            touched = True
            items.append({op: {"_index": name, "_id": doc_id, "status": 201 if result == "created" else 200,
                               "result": result}})
        if touched:
            save()
        return self.reply(200, {"took": 1, "errors": errors, "items": items})

    def index_api(self, m, parts, q):
        name = parts[0]
        ix = STATE["indices"].get(name)
        if len(parts) == 1:
            if m == "PUT":
                if ix:
                    return self.error(400, "resource_already_exists_exception", f"index [{name}] already exists")
                self.body()
                STATE["indices"][name] = new_index(name)
                save()
                return self.reply(200, {"acknowledged": True, "shards_acknowledged": True, "index": name})
            if m == "DELETE":
                targets = select_indices(name)
                if not targets:
                    return self.error(404, "index_not_found_exception", f"no such index [{name}]")
                for t in targets:
                    del STATE["indices"][t]
                save()
                return self.reply(200, {"acknowledged": True})
            if not ix:
                return self.error(404, "index_not_found_exception", f"no such index [{name}]")
            return self.reply(200, {name: {"aliases": {}, "mappings": {}, "settings": {"index": {"uuid": ix["uuid"]}}}})
        op = parts[1]
        if op == "_doc" and m in ("PUT", "POST"):
            if not ix:
                ix = STATE["indices"][name] = new_index(name)
            doc_id = parts[2] if len(parts) > 2 else uuid.uuid4().hex[:20]
            result = "updated" if doc_id in ix["docs"] else "created"
            ix["docs"][doc_id] = self.body()
            save()
            return self.reply(201 if result == "created" else 200,
                              {"_index": name, "_id": doc_id, "result": result, "_version": 1})
        if not ix:
            return self.error(404, "index_not_found_exception", f"no such index [{name}]")
        if op == "_doc" and m == "GET" and len(parts) > 2:
            doc = ix["docs"].get(parts[2])
            if doc is None:
                return self.reply(404, {"_index": name, "_id": parts[2], "found": False})
            return self.reply(200, {"_index": name, "_id": parts[2], "found": True, "_source": doc})
        if op == "_doc" and m == "DELETE" and len(parts) > 2:
            found = ix["docs"].pop(parts[2], None) is not None
            save()
            return self.reply(200 if found else 404, {"_index": name, "_id": parts[2],
                                                      "result": "deleted" if found else "not_found"})
        if op == "_count":
            return self.reply(200, {"count": len(ix["docs"]), "_shards": {"total": 1, "successful": 1, "failed": 0}})
        if op == "_search":
            body = self.body() if m == "POST" else {}
            size = int(q.get("size", body.get("size", 10)))
            hits = [{"_index": name, "_id": k, "_score": 1.0, "_source": v} for k, v in sorted(ix["docs"].items())]
            if "scroll" in q:
                sid = uuid.uuid4().hex
                SCROLLS[sid] = {"hits": hits, "at": size, "size": size}
                return self.reply(200, {"_scroll_id": sid, "took": 1, "timed_out": False, "hits": {
                    "total": {"value": len(hits), "relation": "eq"}, "max_score": 1.0, "hits": hits[:size]}})
            return self.reply(200, {"took": 1, "timed_out": False, "hits": {
                "total": {"value": len(hits), "relation": "eq"}, "max_score": 1.0, "hits": hits[:size]}})
        if op in ("_refresh", "_flush"):
            return self.reply(200, {"_shards": {"total": 1, "successful": 1, "failed": 0}})
        return self.error(400, "illegal_argument_exception", f"unsupported by the stub: {self.path}")


def main():
    os.makedirs(DATA, exist_ok=True)
    port = int(os.environ.get("STANDIN_SEARCH_PORT", "9200"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"[search-stub] STUB {FLAVOUR} {VERSION} listening on :{port}, data in {DATA}", flush=True)
    server.serve_forever()
    print("[search-stub] stopped", flush=True)


if __name__ == "__main__":
    main()
