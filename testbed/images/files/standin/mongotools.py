#!/usr/bin/python3
"""EMULATION of the MongoDB command-line tools inside the testbed's mongo:* stand-in images.

The real mongodump/mongorestore/mongo/mongosh cannot be had from the registries this project may use, and the server
is mongo-java-server, not mongod. These stand-ins implement the interface a backup tool uses:

  mongodump    [--uri URI | --host H --port P] [--db D] [--collection C] [--username U --password P
               --authenticationDatabase A] [--archive[=FILE]] [--gzip] [--out DIR] [--quiet]
  mongorestore [--uri URI | --host H --port P] [--db D] [--nsInclude NS] [--archive[=FILE]] [--gzip] [--drop]
               [--dir DIR | DIR] [--quiet]
  mongo / mongosh [HOST[:PORT][/DB] | URI] [--quiet] [--eval JS]   (a few expressions only, see shell())

--archive without a file means stdout (dump) or stdin (restore). The directory format (--out) is the real one
(<db>/<coll>.bson + <coll>.metadata.json, .gz with --gzip). The ARCHIVE FORMAT IS NOT the real one: it is a
stream of BSON documents behind the header line below; only these stand-ins read it. Credentials are accepted and
not used: the stand-in server has no authentication.
"""
import gzip
import io
import os
import sys
import time

import bson
from bson import json_util
import pymongo
from pymongo import uri_parser

ARCHIVE_MAGIC = b"LIFEBOAT-TESTBED-EMULATED-MONGODUMP-ARCHIVE 1\n"
SKIP_DBS = {"admin", "local", "config"}
VALUE_OPTS = {"--uri", "--host", "-h", "--port", "--db", "-d", "--collection", "-c", "--out", "-o", "--username",
              "-u", "--password", "-p", "--authenticationDatabase", "--authenticationMechanism", "--nsInclude",
              "--nsExclude", "--dir", "--query", "-q", "--readPreference", "--numParallelCollections", "-j",
              "--config", "--eval", "--numInsertionWorkersPerCollection", "--writeConcern"}


def parse(argv):
    """Returns (options dict, positional list). --archive alone maps to '-' (stdout/stdin)."""
    opts, pos = {}, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--") and "=" in a:
            k, v = a.split("=", 1)
            opts[k] = v
        elif a == "--archive":
            opts[a] = "-"
        elif a in VALUE_OPTS:
            if i + 1 >= len(argv):
                die(f"error parsing command line options: expected argument for flag `{a}'")
            opts[a] = argv[i + 1]
            i += 1
        elif a.startswith("-") and len(a) > 1:
            opts[a] = True
        else:
            pos.append(a)
        i += 1
    return opts, pos


def die(msg, code=1):
    sys.stderr.write(msg + "\n")
    sys.exit(code)


def log(opts, msg):
    if not opts.get("--quiet"):
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000+0000", time.gmtime())
        sys.stderr.write(f"{stamp}\t{msg}\n")


def connect(opts):
    """Client without credentials (the stand-in server has no auth) and the database named by --uri, if any."""
    uri_db = None
    host, port = "localhost", 27017
    if "--uri" in opts:
        parsed = uri_parser.parse_uri(opts["--uri"])
        host, port = parsed["nodelist"][0]
        uri_db = parsed.get("database")
    if "--host" in opts or "-h" in opts:
        h = opts.get("--host") or opts.get("-h")
        h = h.split("/", 1)[1] if "/" in h else h          # "replSet/host1:port,host2" form
        h = h.split(",")[0]
        if ":" in h:
            h, p = h.rsplit(":", 1)
            port = int(p)
        host = h
    if "--port" in opts:
        port = int(opts["--port"])
    client = pymongo.MongoClient(host, port, directConnection=True, serverSelectionTimeoutMS=15000)
    try:
        client.admin.command("ping")
    except Exception as e:  # noqa: BLE001 - report like the real tools and fail
        die(f"Failed: can't create session: could not connect to server: {e}")
    return client, uri_db


def open_out(path, gz):
    raw = sys.stdout.buffer if path == "-" else open(path, "wb")
    return gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if gz else raw, raw


def open_in(path, gz):
    raw = sys.stdin.buffer if path == "-" else open(path, "rb")
    return gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw


def collections(client, only_db, only_coll):
    dbs = [only_db] if only_db else sorted(d for d in client.list_database_names() if d not in SKIP_DBS)
    for db in dbs:
        names = sorted(n for n in client[db].list_collection_names() if not n.startswith("system."))
        for coll in names:
            if only_coll and coll != only_coll:
                continue
            yield db, coll


def index_specs(coll):
    specs = []
    for name, info in sorted(coll.index_information().items()):
        if name == "_id_":
            continue
        spec = {"name": name, "key": [list(k) for k in info["key"]]}
        for opt in ("unique", "sparse", "expireAfterSeconds"):
            if opt in info:
                spec[opt] = info[opt]
        specs.append(spec)
    return specs


def mongodump(argv):
    opts, _ = parse(argv)
    client, uri_db = connect(opts)
    db_name = opts.get("--db") or opts.get("-d") or uri_db
    coll_name = opts.get("--collection") or opts.get("-c")
    gz = bool(opts.get("--gzip"))
    if "--archive" in opts:
        out, raw = open_out(opts["--archive"], gz)
        where = "stdout" if opts["--archive"] == "-" else opts["--archive"]
        out.write(ARCHIVE_MAGIC)
        for db, coll in collections(client, db_name, coll_name):
            log(opts, f"writing {db}.{coll} to archive '{where}'")
            docs = list(client[db][coll].find({}).sort("_id", 1))
            header = {"db": db, "collection": coll, "indexes": index_specs(client[db][coll]), "count": len(docs)}
            out.write(bson.encode(header))
            for d in docs:
                out.write(bson.encode(d))
            log(opts, f"done dumping {db}.{coll} ({len(docs)} documents)")
        out.write(bson.encode({"end": True}))
        out.flush()
        if out is not raw:
            out.close()
        raw.flush()
        if raw is not sys.stdout.buffer:
            raw.close()
        return
    base = opts.get("--out") or opts.get("-o") or "dump"
    if base == "-":
        for db, coll in collections(client, db_name, coll_name):
            for d in client[db][coll].find({}).sort("_id", 1):
                sys.stdout.buffer.write(bson.encode(d))
        return
    ext = ".gz" if gz else ""
    for db, coll in collections(client, db_name, coll_name):
        os.makedirs(os.path.join(base, db), exist_ok=True)
        path = os.path.join(base, db, f"{coll}.bson{ext}")
        log(opts, f"writing {db}.{coll} to {path}")
        n = 0
        with (gzip.GzipFile(path, "wb", mtime=0) if gz else open(path, "wb")) as f:
            for d in client[db][coll].find({}).sort("_id", 1):
                f.write(bson.encode(d))
                n += 1
        meta = {"indexes": [{"v": 2, "key": {"_id": 1}, "name": "_id_"}] + [
            {"v": 2, "key": dict((k, v) for k, v in s["key"]), "name": s["name"],
             **{o: s[o] for o in ("unique", "sparse", "expireAfterSeconds") if o in s}}
            for s in index_specs(client[db][coll])], "collectionName": coll, "type": "collection", "options": {}}
        mpath = os.path.join(base, db, f"{coll}.metadata.json{ext}")
        with (gzip.GzipFile(mpath, "wb", mtime=0) if gz else open(mpath, "wb")) as f:
            f.write(json_util.dumps(meta).encode())
        log(opts, f"done dumping {db}.{coll} ({n} documents)")


def ns_selected(opts, db, coll):
    pattern = opts.get("--nsInclude")
    if pattern:
        pdb, _, pcoll = pattern.partition(".")
        if pdb not in ("*", db) or (pcoll not in ("", "*") and pcoll != coll):
            return False
    only_db = opts.get("--db") or opts.get("-d")
    return not only_db or only_db == db


def restore_collection(client, opts, db, coll, docs, indexes, totals):
    target = client[db][coll]
    if opts.get("--drop"):
        log(opts, f"dropping collection {db}.{coll} before restoring")
        target.drop()
    log(opts, f"restoring {db}.{coll}")
    ok = failed = 0
    for start in range(0, len(docs), 500):
        batch = docs[start:start + 500]
        try:
            ok += len(target.insert_many(batch, ordered=False).inserted_ids)
        except pymongo.errors.BulkWriteError as e:
            ok += e.details.get("nInserted", 0)
            failed += len(e.details.get("writeErrors", []))
    for spec in indexes:
        kwargs = {k: spec[k] for k in ("unique", "sparse", "expireAfterSeconds") if k in spec}
        target.create_index([tuple(k) for k in spec["key"]], name=spec["name"], **kwargs)
    log(opts, f"finished restoring {db}.{coll} ({ok} documents, {failed} failures)")
    totals[0] += ok
    totals[1] += failed


def read_bson_stream(f):
    return list(bson.decode_file_iter(f))


def mongorestore(argv):
    opts, pos = parse(argv)
    client, uri_db = connect(opts)
    if uri_db and "--db" not in opts and "-d" not in opts:
        opts["--db"] = uri_db
    gz = bool(opts.get("--gzip"))
    totals = [0, 0]
    if "--archive" in opts:
        f = open_in(opts["--archive"], gz)
        head = f.read(len(ARCHIVE_MAGIC))
        if head != ARCHIVE_MAGIC:
            if head[:2] == b"\x1f\x8b":
                die("Failed: stream or file does not appear to be a mongodump archive (it is gzip-compressed: use --gzip)")
            die("Failed: stream or file does not appear to be a mongodump archive")
        it = bson.decode_file_iter(f)
        for header in it:
            if header.get("end"):
                break
            docs = [next(it) for _ in range(header["count"])]
            if ns_selected(opts, header["db"], header["collection"]):
                restore_collection(client, opts, header["db"], header["collection"], docs, header["indexes"], totals)
    else:
        base = opts.get("--dir") or (pos[0] if pos else "dump")
        only_db = opts.get("--db") or opts.get("-d")
        # `--db D DIR` means DIR holds the collections of D; otherwise DIR holds one folder per database.
        if only_db and os.path.isdir(base) and any(n.endswith((".bson", ".bson.gz")) for n in os.listdir(base)):
            layout = [(only_db, base)]
        else:
            layout = [(d, os.path.join(base, d)) for d in sorted(os.listdir(base))
                      if os.path.isdir(os.path.join(base, d))]
        for db, folder in layout:
            for name in sorted(os.listdir(folder)):
                if not name.endswith((".bson", ".bson.gz")):
                    continue
                coll = name[:-8] if name.endswith(".bson.gz") else name[:-5]
                if not ns_selected(opts, db, coll):
                    continue
                path = os.path.join(folder, name)
                with (gzip.open(path, "rb") if name.endswith(".gz") else open(path, "rb")) as f:
                    docs = read_bson_stream(f)
                indexes = []
                for mname in (f"{coll}.metadata.json", f"{coll}.metadata.json.gz"):
                    mpath = os.path.join(folder, mname)
                    if os.path.exists(mpath):
                        with (gzip.open(mpath, "rb") if mname.endswith(".gz") else open(mpath, "rb")) as m:
                            meta = json_util.loads(m.read().decode())
                        indexes = [{"name": i["name"], "key": [[k, v] for k, v in i["key"].items()],
                                    **{o: i[o] for o in ("unique", "sparse", "expireAfterSeconds") if o in i}}
                                   for i in meta.get("indexes", []) if i.get("name") != "_id_"]
                restore_collection(client, opts, db, coll, docs, indexes, totals)
    log(opts, f"{totals[0]} document(s) restored successfully. {totals[1]} document(s) failed to restore.")


def shell(prog, argv):
    """The mongo/mongosh shells, for the few expressions health checks and admin scripts send."""
    version = os.environ.get("MONGO_VERSION", "6.0.0")
    major = int(version.split(".")[0])
    if prog == "mongo" and major >= 6:
        die("sh: 1: mongo: not found", 127)         # the real images dropped the legacy shell in 6.0
    opts, pos = parse(argv)
    for p in pos:
        if p.startswith("mongodb://"):
            opts["--uri"] = p
        elif not p.endswith(".js"):
            hostpart = p.split("/", 1)[0]
            if hostpart:
                opts["--host"] = hostpart
    script = opts.get("--eval")
    if script is None:
        script = "" if sys.stdin.isatty() else sys.stdin.read()
    client, _ = connect(opts)
    out = []
    if "rs.initiate" in script:
        out.append("{ ok: 1 }")
    if "rs.status" in script:
        out.append("{ set: 'standin', myState: 1, ok: 1 }")
    if "featureCompatibilityVersion" in script:
        fcv = ".".join(version.split(".")[:2])
        out.append("{ featureCompatibilityVersion: { version: '%s' }, ok: 1 }" % fcv)
    if "db.version()" in script:
        out.append(version)
    if "db.stats()" in script or "ping" in script:
        ok = client.admin.command("ping").get("ok", 0)
        out.append(str(int(ok)) if ".ok" in script else "{ ok: %d }" % int(ok))
    if script.strip() and not out:
        die("EMULATION: this stand-in shell only understands db.stats(), ping, rs.initiate(), rs.status(), "
            "db.version() and featureCompatibilityVersion")
    if out:
        print("\n".join(out))


def main():
    prog = os.path.basename(sys.argv[1])
    args = sys.argv[2:]
    if "--version" in args:
        print(f"{prog} EMULATION (Lifeboat testbed stand-in), server emulates MongoDB "
              f"{os.environ.get('MONGO_VERSION', '?')}")
        return
    if prog == "mongodump":
        mongodump(args)
    elif prog == "mongorestore":
        mongorestore(args)
    elif prog in ("mongo", "mongosh"):
        shell(prog, args)
    else:
        die(f"unknown tool {prog}")


if __name__ == "__main__":
    main()
