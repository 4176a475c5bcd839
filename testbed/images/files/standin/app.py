#!/usr/bin/python3
"""STAND-IN for the application containers of the testbed (Overleaf, Cytomine, SeaTable, Papermerge, Nuxeo, and
the small helpers around them: Caddy, nginx, registry, OpenSearch Dashboards). It is not the application: it does
what a backup tool can see of one.

  app.py [serve]   connect to the databases named by the same env/config the real image reads, create the folders
                   the real image creates, answer a health URL, log a line every STANDIN_LOG_SECONDS, stop on SIGTERM
                   (STANDIN_IGNORE_SIGTERM=1: ignore it, for fault tests)
  app.py seed      write the known seed data (database rows/documents, Redis keys, files with awkward names, a few MB
                   of large files); idempotent and deterministic, so two seeded servers fingerprint the same
  app.py wait      wait until the databases answer (bounded), then exit

The profile comes from STANDIN_APP (set by the image). The app never writes to its stores on its own after start-up
except logs and pid files (class ephemeral), so a restored server can be compared with the original.

Writer mode (off by default; Overleaf, SeaTable, Papermerge, Nuxeo): while the file WRITER_FLAG exists in the
container, a thread of `serve` writes pair N = file N in a folder the backup copies, then row N in each of the
app's databases, every STANDIN_WRITER_INTERVAL seconds. A pair is whole or absent after a clean stop: on SIGTERM
the thread finishes (or rolls back) the pair it is writing before the process exits. testbed/writer drives it.
"""
import gzip
import hashlib
import json
import os
import random
import signal
import socket
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

APP = os.environ.get("STANDIN_APP", "generic")
ENV = os.environ
WAIT_SECONDS = int(ENV.get("STANDIN_WAIT_SECONDS", "180"))
# Upgrades (issue 20): the schema this release of the image migrates its database to as it starts (1: the releases
# the testbed deploys, which record nothing), and STANDIN_MIGRATION=fail for a release whose migration stops half-way.
SCHEMA = int(ENV.get("STANDIN_SCHEMA") or "1")
MIGRATION = ENV.get("STANDIN_MIGRATION", "")
LOG_SECONDS = float(ENV.get("STANDIN_LOG_SECONDS", "10"))
STOP = threading.Event()


def log(msg):
    print(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} [{APP}] {msg}", flush=True)


# ------------------------------------------------------------------------------------------------ connections
def mongo_client(url, timeout_ms=5000):
    import pymongo
    from pymongo import uri_parser
    # The stand-in MongoDB has no authentication: connect to the host named by the URL, without credentials.
    parsed = uri_parser.parse_uri(url if url.startswith("mongodb") else f"mongodb://{url}")
    host, port = parsed["nodelist"][0]
    return pymongo.MongoClient(host, port, directConnection=True, serverSelectionTimeoutMS=timeout_ms,
                               connectTimeoutMS=timeout_ms, socketTimeoutMS=max(timeout_ms, 2000)), \
        parsed.get("database")


def pg_connect(**kw):
    import psycopg2
    kw.setdefault("connect_timeout", 5)
    conn = psycopg2.connect(**kw)
    conn.autocommit = True
    return conn


def my_connect(**kw):
    import pymysql
    kw.setdefault("connect_timeout", 5)
    return pymysql.connect(autocommit=True, charset="utf8mb4", **kw)


def redis_client(host, port=6379, password=None, timeout=5):
    import redis
    return redis.Redis(host=host, port=int(port), password=password or None, socket_timeout=timeout,
                       socket_connect_timeout=timeout)


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read()


def http_put(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="PUT",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status


# ------------------------------------------------------------------------------------------------ files
def chown_tree(path, uid, gid):
    for root, dirs, files in os.walk(path):
        for n in dirs + files:
            os.lchown(os.path.join(root, n), uid, gid)
    os.lchown(path, uid, gid)


def write_file(path, data, mode=0o644, uid=None, gid=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".standin-tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.chmod(tmp, mode)
    if uid is not None:
        os.chown(tmp, uid, gid)
    os.replace(tmp, path)


def det_bytes(seed, size):
    """Deterministic pseudo-random bytes: the same seed gives the same file on every server."""
    return random.Random(seed).randbytes(size)


def seed_files(root, label, uid=0, gid=0, big_mb=(3, 2)):
    """The standard set of awkward user files: spaces, unicode, a newline and a tab in names, modes 0600 and 0755,
    a symlink, nested folders and a few MB of large files."""
    files = {
        "Project report final.pdf": (b"%PDF-1.4\n" + det_bytes(f"{label}-pdf", 40_000), 0o644),
        "Überblick – naïve café 日本語.tex": ("\\section{Überblick}\nnaïve café — 日本語\n".encode(), 0o644),
        "line\nbreak in name.txt": (b"a file name with a newline\n", 0o644),
        "tab\tand 'quotes\" in name.txt": (b"tab and quotes\n", 0o644),
        "private/secret notes.txt": (f"{label}: only the owner may read this\n".encode(), 0o600),
        "scripts/run me.sh": (b"#!/bin/sh\necho hello\n", 0o755),
        "deep/a/b/c/d/leaf.txt": (b"deep leaf\n", 0o644),
    }
    for i, mb in enumerate(big_mb, 1):
        files[f"large/large-{i:02d}.bin"] = (det_bytes(f"{label}-large-{i}", mb * 1024 * 1024), 0o644)
    for rel, (data, mode) in files.items():
        write_file(os.path.join(root, rel), data, mode, uid, gid)
    link = os.path.join(root, "latest report.pdf")
    if not os.path.islink(link):
        os.symlink("Project report final.pdf", link)
        os.lchown(link, uid, gid)
    for d in ("private", "scripts", "deep", "large"):
        chown_tree(os.path.join(root, d), uid, gid)
    os.lchown(root, uid, gid)


def ensure_dirs(base, rels, uid=None, gid=None, mode=0o755):
    """Create missing folders; owner uid/gid if given (else the process's own, e.g. Nuxeo's 900)."""
    for rel in rels:
        p = os.path.join(base, rel)
        if not os.path.isdir(p):
            os.makedirs(p, mode=mode, exist_ok=True)
            if uid is not None:
                os.chown(p, uid, gid)


def append_log(path, line):
    try:
        with open(path, "a") as f:
            f.write(line + "\n")
    except OSError:
        pass


# ------------------------------------------------------------------------------------------------ profiles
class Profile:
    """One application. ports: where it answers; deps(): connections to check; setup(): idempotent start-up work
    (folders, schema); seed(): the known data; tick(): what it does every LOG_SECONDS besides logging."""
    ports = [80]
    health_paths = ("/", "/health", "/status")
    writer_folder = None    # writer mode: container path of its folder (inside a backup-class folder); None: none
    writer_owner = None     # (uid, gid) of the writer's files and folder; None: the process's own

    def deps(self):
        return {}

    def writer_stores(self):
        """Writer mode: the app's databases, each a WriterStore, in the order a pair writes them."""
        return []

    def setup(self):
        pass

    def schema(self):
        """Where the release's schema is recorded in the app's database: (read, write), or None (no upgrades)."""
        return None

    def seed(self):
        pass

    def tick(self):
        pass

    def check(self):
        """Read each store once; returns {name: 'ok' | error}."""
        out = {}
        for name, fn in self.deps().items():
            try:
                fn()
                out[name] = "ok"
            except Exception as e:  # noqa: BLE001 - reported in the health answer
                out[name] = f"{type(e).__name__}: {e}"
        return out


class Overleaf(Profile):
    """sharelatex/sharelatex: MongoDB (OVERLEAF_MONGO_URL, before 5.0 SHARELATEX_MONGO_URL), Redis, data root
    /var/lib/overleaf (or /var/lib/sharelatex for the pre-5.0 naming) owned by www-data."""
    legacy = "SHARELATEX_MONGO_URL" in ENV and "OVERLEAF_MONGO_URL" not in ENV
    root = "/var/lib/sharelatex" if legacy else "/var/lib/overleaf"
    mongo_url = ENV.get("OVERLEAF_MONGO_URL") or ENV.get("SHARELATEX_MONGO_URL") or "mongodb://mongo/sharelatex"
    redis_host = ENV.get("OVERLEAF_REDIS_HOST") or ENV.get("SHARELATEX_REDIS_HOST") or ENV.get("REDIS_HOST", "redis")
    uid = gid = 33

    def mongo(self):
        client, db = mongo_client(self.mongo_url)
        return client[db or "sharelatex"]

    def redis(self):
        return redis_client(self.redis_host, ENV.get("REDIS_PORT") or 6379)

    def schema(self):
        def read():
            doc = self.mongo().standin_schema.find_one({"_id": "schema"})
            return None if doc is None else int(doc["v"])
        return read, lambda v: self.mongo().standin_schema.replace_one({"_id": "schema"}, {"_id": "schema", "v": v},
                                                                        upsert=True)

    def deps(self):
        return {"mongo": lambda: self.mongo().command("ping"), "redis": lambda: self.redis().ping()}

    writer_folder = f"{root}/data/history/lifeboat-writer"
    writer_owner = (uid, gid)

    def writer_stores(self):
        def mongo():
            client, db = mongo_client(self.mongo_url, WRITER_TIMEOUT_MS)
            return client[db or "sharelatex"]
        return [MongoWriterStore(mongo),
                RedisWriterStore(lambda: redis_client(self.redis_host, ENV.get("REDIS_PORT") or 6379,
                                                      timeout=WRITER_TIMEOUT_MS / 1000))]

    def setup(self):
        ensure_dirs(self.root, ["data", "data/user_files", "data/template_files", "data/history", "data/compiles",
                                "data/output", "data/cache", "tmp", "tmp/uploads", "tmp/dumpFolder",
                                "tmp/projectHistories", "bin"], self.uid, self.gid)
        # Left behind by older releases; the docs call them unused (class deletable).
        if not os.path.exists(f"{self.root}/data/db.sqlite"):
            write_file(f"{self.root}/data/db.sqlite", b"SQLite format 3\x00" + bytes(84), 0o644, self.uid, self.gid)
        if not os.path.exists(f"{self.root}/bin/synctex"):
            write_file(f"{self.root}/bin/synctex", b"\x7fELF standin synctex\n", 0o755, self.uid, self.gid)

    def seed(self):
        db = self.mongo()
        users = [{"_id": f"65a1f0c2e4b0a1b2c3d4e5{i:02d}", "email": f"user{i}@example.com",
                  "first_name": name, "isAdmin": i == 0, "signUpDate": "2024-01-0%dT10:00:00Z" % (i + 1)}
                 for i, name in enumerate(["Ada", "Grace", "Émilie"])]
        projects = [{"_id": f"65b2a0c2e4b0a1b2c3d4e6{i:02d}", "name": name, "owner_ref": users[i % 3]["_id"],
                     "rootFolder": [{"name": "rootFolder", "docs": [{"name": "main.tex"}]}]}
                    for i, name in enumerate(["Thesis", "Paper – draft ü", "Slides\nwith newline"])]
        docs = [{"_id": f"65c3a0c2e4b0a1b2c3d4e7{i:02d}", "project_id": projects[i % 3]["_id"],
                 "lines": [f"\\documentclass{{article}} % doc {i}", "\\begin{document}", f"Hello {i} – ü", "\\end{document}"],
                 "rev": i} for i in range(12)]
        for coll, rows in (("users", users), ("projects", projects), ("docs", docs)):
            for row in rows:
                db[coll].replace_one({"_id": row["_id"]}, row, upsert=True)
        db.users.create_index("email", unique=True)
        db.projects.create_index("owner_ref")
        r = self.redis()
        for i in range(5):
            r.set(f"sess:standin{i}", json.dumps({"user": users[i % 3]["_id"], "n": i}))
        r.hset("user:settings", mapping={"theme": "dark", "lang": "de"})
        r.rpush("ProjectHistory:FirstOpTimestamp:list", "a", "b", "c") if not r.exists(
            "ProjectHistory:FirstOpTimestamp:list") else None
        r.sadd("DocsIn:" + projects[0]["_id"], *[d["_id"] for d in docs[:4]])
        d = f"{self.root}/data"
        for i, p in enumerate(projects):
            write_file(f"{d}/user_files/{p['_id']}_{users[i]['_id']}", det_bytes(f"uf{i}", 2048 * (i + 1)), 0o644,
                       self.uid, self.gid)
        write_file(f"{d}/history/overleaf-project-blobs/{projects[0]['_id']}/blob-01",
                   det_bytes("blob", 300_000), 0o644, self.uid, self.gid)
        write_file(f"{d}/history/overleaf-chunks/{projects[0]['_id']}/0", b'{"chunk":0}', 0o644, self.uid, self.gid)
        seed_files(f"{d}/user_files/standin-awkward", "overleaf", self.uid, self.gid)
        chown_tree(f"{d}/history", self.uid, self.gid)
        # Ephemeral leftovers of a compile, as a used instance has them.
        key = f"{projects[0]['_id']}-{users[0]['_id']}"
        write_file(f"{d}/compiles/{key}/main.tex", b"\\documentclass{article}\n", 0o644, self.uid, self.gid)
        write_file(f"{d}/compiles/{key}/main.log", b"This is pdfTeX\n", 0o644, self.uid, self.gid)
        write_file(f"{d}/output/{key}/generated-files/build-1/output.pdf", b"%PDF-1.4 out\n", 0o644, self.uid, self.gid)
        write_file(f"{d}/cache/standin-cache.bin", b"cache\n", 0o644, self.uid, self.gid)
        chown_tree(f"{d}/output", self.uid, self.gid)
        chown_tree(f"{d}/compiles", self.uid, self.gid)


class CytomineCore(Profile):
    """cytomine/core: PostGIS database (POSTGIS_*) and MongoDB (MONGO_*) from envs/core.env."""
    ports = [8080]

    def pg(self):
        return pg_connect(host=ENV.get("POSTGIS_HOST", "postgis"), port=int(ENV.get("POSTGIS_PORT", "5432")),
                          dbname=ENV.get("POSTGIS_DB_NAME", "docker"), user=ENV.get("POSTGIS_USER", "docker"),
                          password=ENV.get("POSTGIS_PASS", ""))

    def mongo(self):
        client, _ = mongo_client(f"mongodb://{ENV.get('MONGO_HOST', 'mongo')}:{ENV.get('MONGO_PORT', '27017')}")
        return client[ENV.get("MONGO_DB_NAME", "cytomine")]

    def deps(self):
        return {"postgis": lambda: self.pg().close(), "mongo": lambda: self.mongo().command("ping")}

    def setup(self):
        with self.pg() as c, c.cursor() as cur:
            cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            cur.execute("""CREATE TABLE IF NOT EXISTS sec_user (id bigint PRIMARY KEY, username text UNIQUE,
                           email text, created timestamptz)""")
            cur.execute("""CREATE TABLE IF NOT EXISTS project (id bigint PRIMARY KEY, name text, created timestamptz)""")
            cur.execute("""CREATE TABLE IF NOT EXISTS image_instance (id bigint PRIMARY KEY, project_id bigint
                           REFERENCES project(id), filename text, width int, height int)""")
            cur.execute("""CREATE TABLE IF NOT EXISTS user_annotation (id bigint PRIMARY KEY, image_id bigint
                           REFERENCES image_instance(id), user_id bigint, location geometry(Polygon), term text)""")

    def seed(self):
        with self.pg() as c, c.cursor() as cur:
            for i, name in enumerate(["admin", "pathologist", "étudiant"]):
                cur.execute("INSERT INTO sec_user VALUES (%s,%s,%s,'2024-03-01T10:00:00Z') ON CONFLICT DO NOTHING",
                            (i + 1, name, f"{name}@example.com"))
            for p in range(1, 4):
                cur.execute("INSERT INTO project VALUES (%s,%s,'2024-03-02T10:00:00Z') ON CONFLICT DO NOTHING",
                            (p, f"Project {p} – Niere"))
                for j in range(1, 4):
                    iid = p * 100 + j
                    cur.execute("INSERT INTO image_instance VALUES (%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING",
                                (iid, p, f"slide {iid}.svs", 40000 + j, 30000 + j))
                    for k in range(1, 21):
                        x, y = k * 10, j * 10
                        cur.execute("INSERT INTO user_annotation VALUES (%s,%s,%s,ST_GeomFromText(%s),%s) "
                                    "ON CONFLICT DO NOTHING",
                                    (iid * 1000 + k, iid, 1 + k % 3,
                                     f"POLYGON(({x} {y},{x + 5} {y},{x + 5} {y + 5},{x} {y + 5},{x} {y}))",
                                     ["tumour", "stroma", "nécrose"][k % 3]))
        m = self.mongo()
        for i in range(30):
            m.annotation_action.replace_one({"_id": i}, {"_id": i, "user": 1 + i % 3, "action": "select",
                                                         "image": 101 + i % 3, "created": 1709280000000 + i}, upsert=True)
        for i in range(3):
            m.last_connection.replace_one({"_id": i}, {"_id": i, "user": i + 1, "project": 1}, upsert=True)


class CytominePims(Profile):
    """cytomine/pims-ce-package: the whole-slide image store ROOT (/data/images)."""
    ports = [5000]

    def setup(self):
        ensure_dirs(ENV.get("ROOT", "/data/images"), ["."])

    def seed(self):
        root = ENV.get("ROOT", "/data/images")
        for i in range(1, 4):
            write_file(f"{root}/upload-{1000 + i}/slide {100 + i}.svs", det_bytes(f"slide{i}", 700_000))
            write_file(f"{root}/upload-{1000 + i}/processed/visualisation.tif", det_bytes(f"vis{i}", 50_000))
        seed_files(f"{root}/standin-awkward", "cytomine-images", big_mb=(3,))


class CytomineAppEngine(Profile):
    """cytomine/app-engine: PostgreSQL database appengine (DB_*) and task storage STORAGE_BASE_PATH (/data)."""
    ports = [8080]

    def pg(self):
        return pg_connect(host=ENV.get("DB_HOST", "postgis"), port=int(ENV.get("DB_PORT", "5432")),
                          dbname=ENV.get("DB_NAME", "appengine"), user=ENV.get("DB_USERNAME", "appengine"),
                          password=ENV.get("DB_PASSWORD", ""))

    def deps(self):
        return {"postgis": lambda: self.pg().close()}

    def setup(self):
        ensure_dirs(ENV.get("STORAGE_BASE_PATH", "/data"), ["."])
        with self.pg() as c, c.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS task (id uuid PRIMARY KEY, name text, version text)")
            cur.execute("CREATE TABLE IF NOT EXISTS run (id uuid PRIMARY KEY, task_id uuid REFERENCES task(id), state text)")

    def seed(self):
        base = ENV.get("STORAGE_BASE_PATH", "/data")
        with self.pg() as c, c.cursor() as cur:
            for i in range(3):
                tid = f"00000000-0000-4000-8000-0000000000{i:02d}"
                cur.execute("INSERT INTO task VALUES (%s,%s,%s) ON CONFLICT DO NOTHING", (tid, f"task-{i}", "1.0.0"))
                cur.execute("INSERT INTO run VALUES (%s,%s,'FINISHED') ON CONFLICT DO NOTHING",
                            (f"10000000-0000-4000-8000-0000000000{i:02d}", tid))
                write_file(f"{base}/task-{tid}/descriptor.yml", f"name: task-{i}\nversion: 1.0.0\n".encode())
                write_file(f"{base}/task-run-inputs-10000000-{i}/input image.png", det_bytes(f"in{i}", 20_000))


class Registry(Profile):
    """registry:2: image blobs under /data (the compose mounts data/registry there)."""
    ports = [5000]

    def seed(self):
        for i in range(2):
            data = det_bytes(f"layer{i}", 100_000)
            h = hashlib.sha256(data).hexdigest()
            write_file(f"/data/docker/registry/v2/blobs/sha256/{h[:2]}/{h}/data", data)
            write_file(f"/data/docker/registry/v2/repositories/app-{i}/_layers/sha256/{h}/link",
                       f"sha256:{h}".encode())


class Plain(Profile):
    """Front ends without stores of their own (Cytomine web_ui and nginx, OpenSearch Dashboards)."""

    def __init__(self, ports):
        self.ports = ports


class SeaTable(Profile):
    """seatable/seatable-enterprise: MariaDB (SEATABLE_MYSQL_DB_*; creates its three databases at first start),
    Redis with password, everything else under /shared (= /opt/seatable-server on the host)."""
    ports = [80, 8000]
    base = "/shared/seatable"

    def my(self, db=None):
        return my_connect(host=ENV.get("SEATABLE_MYSQL_DB_HOST", "mariadb"),
                          port=int(ENV.get("SEATABLE_MYSQL_DB_PORT", "3306")),
                          user=ENV.get("SEATABLE_MYSQL_DB_USER", "root"),
                          password=ENV.get("SEATABLE_MYSQL_DB_PASSWORD", ""), database=db)

    def redis(self):
        return redis_client(ENV.get("REDIS_HOST", "redis"), ENV.get("REDIS_PORT", "6379"), ENV.get("REDIS_PASSWORD"))

    def schema(self):
        def read():
            c = self.my("dtable_db")
            try:
                with c.cursor() as cur:
                    cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'dtable_db'"
                                " AND table_name = 'standin_schema'")
                    if cur.fetchone()[0] == 0:
                        return None
                    cur.execute("SELECT v FROM standin_schema WHERE id = 1")
                    row = cur.fetchone()
                    return None if row is None else int(row[0])
            finally:
                c.close()

        def write(v):
            c = self.my("dtable_db")
            try:
                with c.cursor() as cur:
                    cur.execute("CREATE TABLE IF NOT EXISTS standin_schema (id int PRIMARY KEY, v int)")
                    cur.execute("REPLACE INTO standin_schema VALUES (1, %s)", (v,))
            finally:
                c.close()
        return read, write

    def deps(self):
        return {"mariadb": lambda: self.my().close(), "redis": lambda: self.redis().ping()}

    writer_folder = f"{base}/seafile-data/lifeboat-writer"

    def writer_stores(self):
        # The main database is dtable_db; SeaTable's Redis has no volume (ephemeral): not a writer store.
        t = WRITER_TIMEOUT_MS / 1000
        return [MariaDBWriterStore(lambda: my_connect(
            host=ENV.get("SEATABLE_MYSQL_DB_HOST", "mariadb"), port=int(ENV.get("SEATABLE_MYSQL_DB_PORT", "3306")),
            user=ENV.get("SEATABLE_MYSQL_DB_USER", "root"), password=ENV.get("SEATABLE_MYSQL_DB_PASSWORD", ""),
            database=ENV.get("SEATABLE_MYSQL_DB_DTABLE_DB_NAME", "dtable_db"),
            connect_timeout=t, read_timeout=t, write_timeout=t))]

    def setup(self):
        ensure_dirs(self.base, ["conf", "logs", "pids", "ccnet", "scripts", "db-data", "storage-data",
                                "seafile-data", "seahub-data", "seahub-data/avatars"])
        ensure_dirs("/shared", ["nginx-logs"])
        for name in ("dtable-web", "dtable-server", "dtable-db"):
            write_file(f"{self.base}/pids/{name}.pid", f"{os.getpid()}\n".encode())
        c = self.my()
        with c.cursor() as cur:
            for db in ("ccnet_db", "seafile_db", "dtable_db"):
                cur.execute(f"CREATE DATABASE IF NOT EXISTS `{db}` CHARACTER SET utf8mb4")
            cur.execute("""CREATE TABLE IF NOT EXISTS ccnet_db.EmailUser (id int PRIMARY KEY, email varchar(255)
                           UNIQUE, passwd varchar(256), is_staff tinyint, is_active tinyint, ctime bigint)""")
            cur.execute("CREATE TABLE IF NOT EXISTS ccnet_db.`Group` (group_id int PRIMARY KEY, group_name varchar(255))")
            cur.execute("CREATE TABLE IF NOT EXISTS seafile_db.Repo (repo_id char(36) PRIMARY KEY)")
            cur.execute("""CREATE TABLE IF NOT EXISTS seafile_db.RepoOwner (id int PRIMARY KEY, repo_id char(36),
                           owner_id varchar(255))""")
            cur.execute("""CREATE TABLE IF NOT EXISTS dtable_db.workspaces (id int PRIMARY KEY, owner varchar(255),
                           repo_id char(36))""")
            cur.execute("""CREATE TABLE IF NOT EXISTS dtable_db.dtables (id int PRIMARY KEY, uuid char(32) UNIQUE,
                           name varchar(255), workspace_id int)""")
            cur.execute("""CREATE TABLE IF NOT EXISTS dtable_db.operation_log (id int PRIMARY KEY, dtable_uuid char(32),
                           op_id bigint, operation longtext)""")
        c.close()

    def tick(self):
        append_log(f"{self.base}/logs/dtable_web.log", f"{time.time():.0f} standin heartbeat")

    def seed(self):
        c = self.my()
        with c.cursor() as cur:
            for i, mail in enumerate(["admin@example.de", "jürgen@example.de", "ana@example.de"], 1):
                cur.execute("INSERT IGNORE INTO ccnet_db.EmailUser VALUES (%s,%s,'PBKDF2SHA256$fake',%s,1,%s)",
                            (i, mail, int(i == 1), 1700000000 + i))
            cur.execute("INSERT IGNORE INTO ccnet_db.`Group` VALUES (1, 'Team Ω')")
            for i in range(1, 4):
                repo = f"7c6b7f3e-1d2a-4b5c-8d9e-0f1a2b3c4d{i:02d}"
                cur.execute("INSERT IGNORE INTO seafile_db.Repo VALUES (%s)", (repo,))
                cur.execute("INSERT IGNORE INTO seafile_db.RepoOwner VALUES (%s,%s,%s)", (i, repo, f"user{i}"))
                cur.execute("INSERT IGNORE INTO dtable_db.workspaces VALUES (%s,%s,%s)", (i, f"user{i}", repo))
                uuid = f"3f2a8c4e9b1d4e7aa5c60d8e1f2a3b{i:02d}"
                cur.execute("INSERT IGNORE INTO dtable_db.dtables VALUES (%s,%s,%s,%s)", (i, uuid, f"Base {i} – Ü", i))
                base_json = json.dumps({"tables": [{"name": "Table1", "rows": [{"_id": str(r), "Name": f"row {r} ü"}
                                                                            for r in range(50)]}]}, sort_keys=True)
                write_file(f"{self.base}/storage-data/dtables/{uuid[:2]}/{uuid}.json.gz",
                           gzip.compress(base_json.encode(), mtime=0))
                write_file(f"{self.base}/storage-data/bigdata-dumps/{uuid}.dump", det_bytes(f"bd{i}", 10_000))
                write_file(f"{self.base}/db-data/{uuid}/MANIFEST-000001", det_bytes(f"dbd{i}", 1000))
                write_file(f"{self.base}/seafile-data/storage/blocks/{repo}/ab/cdef0123456789abcdef0123456789abcdef{i:02d}",
                           det_bytes(f"blk{i}", 600_000))
                write_file(f"{self.base}/seafile-data/storage/commits/{repo}/00/{'0' * 38}", b'{"commit": 1}')
            rows = [(i, "3f2a8c4e9b1d4e7aa5c60d8e1f2a3b01", 1_000_000 + i, json.dumps({"op": "insert_row", "n": i}))
                    for i in range(1, 2001)]
            cur.executemany("INSERT IGNORE INTO dtable_db.operation_log VALUES (%s,%s,%s,%s)", rows)
        c.close()
        write_file(f"{self.base}/seahub-data/avatars/default.png", b"\x89PNG\r\n\x1a\n" + det_bytes("avatar", 5000))
        seed_files(f"{self.base}/seafile-data/library-template", "seatable")
        r = self.redis()
        for i in range(4):
            r.set(f"seatable:session:{i}", f"session-{i}")
        r.hset("seatable:settings", mapping={"ENABLE_SIGNUP": "false"})


class Caddy(Profile):
    """lucaslorentz/caddy-docker-proxy: ACME state under /data/caddy (certificates are re-issued: rebuildable)."""
    ports = [80, 443, 2019]
    health_paths = ("/", "/metrics", "/health")

    def setup(self):
        host = "seatable.example.de"
        d = f"/data/caddy/certificates/acme-v02.api.letsencrypt.org-directory/{host}"
        if not os.path.exists(f"{d}/{host}.json"):
            write_file(f"{d}/{host}.crt", b"-----BEGIN CERTIFICATE-----\nstandin\n-----END CERTIFICATE-----\n")
            write_file(f"{d}/{host}.key", b"-----BEGIN EC PRIVATE KEY-----\nstandin\n-----END EC PRIVATE KEY-----\n", 0o600)
            write_file(f"{d}/{host}.json", json.dumps({"sans": [host], "issuer_data": {}}).encode())
            write_file("/data/caddy/instance.uuid", b"00000000-0000-4000-8000-00000000cadd")
        ensure_dirs("/data/caddy", ["locks"])


class Papermerge(Profile):
    """papermerge/papermerge 3.6: PostgreSQL via PM_DB_URL, media under PM_MEDIA_ROOT (/core_app/media), first
    start creates the PM_USERNAME user."""
    media = ENV.get("PM_MEDIA_ROOT", "/core_app/media")
    if not media.startswith("/"):
        media = "/core_app/" + media

    def pg(self):
        return pg_connect(dsn=ENV.get("PM_DB_URL", "postgresql://pm@postgres/pmdb"))

    def schema(self):
        def read():
            with self.pg() as c, c.cursor() as cur:
                cur.execute("SELECT to_regclass('standin_schema')")
                if cur.fetchone()[0] is None:
                    return None
                cur.execute("SELECT v FROM standin_schema WHERE id = 1")
                row = cur.fetchone()
                return None if row is None else int(row[0])

        def write(v):
            with self.pg() as c, c.cursor() as cur:
                cur.execute("CREATE TABLE IF NOT EXISTS standin_schema (id int PRIMARY KEY, v int)")
                cur.execute("INSERT INTO standin_schema VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET v = %s", (v, v))
        return read, write

    def deps(self):
        return {"postgres": lambda: self.pg().close()}

    writer_folder = f"{media}/lifeboat-writer"

    def writer_stores(self):
        t = WRITER_TIMEOUT_MS
        return [PostgresWriterStore(lambda: pg_connect(
            dsn=ENV.get("PM_DB_URL", "postgresql://pm@postgres/pmdb"), connect_timeout=max(1, t // 1000),
            tcp_user_timeout=t, keepalives=1, keepalives_idle=1, keepalives_interval=1, keepalives_count=2))]

    def setup(self):
        if os.path.exists(ENV.get("PM_LOG_CONFIG", "")):
            log(f"logging config {ENV['PM_LOG_CONFIG']} read")
        ensure_dirs(self.media, ["docs", "thumbnails"])
        with self.pg() as c, c.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS alembic_version (version_num varchar(32) PRIMARY KEY)")
            cur.execute("INSERT INTO alembic_version VALUES ('standin_3_6_0a16') ON CONFLICT DO NOTHING")
            cur.execute("CREATE TABLE IF NOT EXISTS users (id uuid PRIMARY KEY, username text UNIQUE, email text)")
            cur.execute("""CREATE TABLE IF NOT EXISTS nodes (id uuid PRIMARY KEY, title text, ctype text,
                           user_id uuid REFERENCES users(id), parent_id uuid)""")
            cur.execute("""CREATE TABLE IF NOT EXISTS document_versions (id uuid PRIMARY KEY, document_id uuid
                           REFERENCES nodes(id), number int, file_name text, size bigint, text text)""")
            cur.execute("INSERT INTO users VALUES ('00000000-0000-4000-8000-000000000001', %s, %s) "
                        "ON CONFLICT DO NOTHING", (ENV.get("PM_USERNAME", "admin"), "admin@example.com"))

    def seed(self):
        names = ["scan-0001.pdf", "Rechnung März 2024 – Ü.pdf", "contract\nsigned.pdf", "large scan.pdf"]
        with self.pg() as c, c.cursor() as cur:
            user = "00000000-0000-4000-8000-000000000001"
            cur.execute("INSERT INTO nodes VALUES ('00000000-0000-4000-8000-0000000000f0','inbox','folder',%s,NULL) "
                        "ON CONFLICT DO NOTHING", (user,))
            for i, name in enumerate(names):
                doc = f"3f2a8c4e-9b1d-4e7a-a5c6-0d8e1f2a3b{i:02d}"
                ver = f"4f2a8c4e-9b1d-4e7a-a5c6-0d8e1f2a3b{i:02d}"
                data = b"%PDF-1.5\n" + det_bytes(f"pm{i}", 3 * 1024 * 1024 if i == 3 else 30_000)
                cur.execute("INSERT INTO nodes VALUES (%s,%s,'document',%s,'00000000-0000-4000-8000-0000000000f0') "
                            "ON CONFLICT DO NOTHING", (doc, name, user))
                cur.execute("INSERT INTO document_versions VALUES (%s,%s,1,%s,%s,%s) ON CONFLICT DO NOTHING",
                            (ver, doc, name, len(data), f"OCR text of {name}"))
                write_file(f"{self.media}/docs/{ver[:2]}/{ver[2:4]}/{ver}/{name}", data)
                write_file(f"{self.media}/thumbnails/jpg/{doc[:2]}/{doc[2:4]}/{doc}/100.jpg",
                           b"\xff\xd8\xff\xe0" + det_bytes(f"th{i}", 4000))
        seed_files(f"{self.media}/standin-awkward", "papermerge", big_mb=(2,))


class Nuxeo(Profile):
    """Nuxeo LTS: MongoDB and OpenSearch named in /etc/nuxeo/conf.d/*.conf, data in /var/lib/nuxeo (uid 900):
    binaries/ by MD5 digest, instance.clid from NUXEO_CLID, transientstores/, stream/."""
    ports = [8080]
    health_paths = ("/", "/nuxeo/runningstatus", "/health")
    data = "/var/lib/nuxeo"

    def conf(self):
        props = {}
        for d in ("/etc/nuxeo/conf.d",):
            for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                if name.endswith(".conf"):
                    with open(os.path.join(d, name), errors="replace") as f:
                        for line in f:
                            line = line.strip()
                            if line and not line.startswith("#") and "=" in line:
                                k, v = line.split("=", 1)
                                props[k.strip()] = v.strip()
        return props

    def mongo(self):
        props = self.conf()
        client, _ = mongo_client(props.get("nuxeo.mongodb.server", "mongo:27017"))
        return client[props.get("nuxeo.mongodb.dbname", "nuxeo")]

    def search_url(self):
        return self.conf().get("nuxeo.opensearch1.client.server", "http://opensearch:9200").rstrip("/")

    def deps(self):
        return {"mongo": lambda: self.mongo().command("ping"), "opensearch": lambda: http_get(self.search_url() + "/")}

    writer_folder = f"{data}/binaries/lifeboat-writer"

    def writer_stores(self):
        # The main database is MongoDB; OpenSearch is rebuildable from it: not a writer store.
        def mongo():
            props = self.conf()
            client, _ = mongo_client(props.get("nuxeo.mongodb.server", "mongo:27017"), WRITER_TIMEOUT_MS)
            return client[props.get("nuxeo.mongodb.dbname", "nuxeo")]
        return [MongoWriterStore(mongo)]

    def setup(self):
        ensure_dirs(self.data, ["binaries", "transientstores/default", "stream"])
        if ENV.get("NUXEO_CLID") and not os.path.exists(f"{self.data}/instance.clid"):
            write_file(f"{self.data}/instance.clid", ENV["NUXEO_CLID"].replace("--", "\n").encode() + b"\n")
        write_file(f"{self.data}/transientstores/default/standin-{socket.gethostname()}.tmp", b"transient\n")

    def seed(self):
        m = self.mongo()
        url = self.search_url()
        titles = ["Contract 2024", "Brochure – Ü", "Board minutes\nQ1", "Product video"]
        for i, title in enumerate(titles):
            blob = det_bytes(f"nx{i}", 2 * 1024 * 1024 if i == 3 else 20_000)
            digest = hashlib.md5(blob).hexdigest()
            write_file(f"{self.data}/binaries/data/{digest[:2]}/{digest[2:4]}/{digest}", blob)
            doc = {"_id": f"5e6f7a8b-9c0d-4e2f-8a4b-5c6d7e8f9a{i:02d}", "ecm:primaryType": "File",
                   "dc:title": title, "content": {"digest": digest, "length": len(blob)}, "ecm:isVersion": False}
            m.default.replace_one({"_id": doc["_id"]}, doc, upsert=True)
            http_put(f"{url}/nuxeo/_doc/{doc['_id']}", {"ecm:title": title, "ecm:primaryType": "File"})
            http_put(f"{url}/audit/_doc/{i + 1}", {"eventId": "documentCreated", "docUUID": doc["_id"]})
        m.sequence.replace_one({"_id": "hierarchy"}, {"_id": "hierarchy", "sequence": len(titles)}, upsert=True)
        write_file(f"{self.data}/stream/audit/standin-queue.cq4", det_bytes("cq4", 8192))
        chown_tree(self.data, 900, 0)


PROFILES = {
    "overleaf": Overleaf,
    "cytomine-core": CytomineCore,
    "cytomine-pims": CytominePims,
    "cytomine-app-engine": CytomineAppEngine,
    "cytomine-web-ui": lambda: Plain([80]),
    "cytomine-nginx": lambda: Plain([80]),
    "registry": Registry,
    "seatable": SeaTable,
    "caddy": Caddy,
    "papermerge": Papermerge,
    "nuxeo": Nuxeo,
    "opensearch-dashboards": lambda: Plain([5601]),
    "generic": lambda: Plain([80]),
}


# ------------------------------------------------------------------------------------------------ writer mode
# Off by default. `testbed/writer SERVER DEPLOYMENT on` creates WRITER_FLAG in the app container (docker exec),
# `off` removes it; the thread polls it, so no restart is needed. The flag lives in the container's own
# filesystem: it survives a stop/start of the container (the writer resumes), not a recreate.
WRITER_NAME = "lifeboat_writer"                 # table / collection / Redis hash in every store
WRITER_CTL = "/tmp/lifeboat-writer"             # in the container: the flag and the writer's state
WRITER_FLAG = f"{WRITER_CTL}/on"
WRITER_STATE = f"{WRITER_CTL}/state.json"
WRITER_INTERVAL = float(ENV.get("STANDIN_WRITER_INTERVAL", "0.03"))
WRITER_TIMEOUT_MS = int(ENV.get("STANDIN_WRITER_TIMEOUT_MS", "2000"))
WRITER_POLL = 0.2


def pair_file(n):
    return f"pair-{n:08d}.txt"


def pair_body(n):
    return f"lifeboat writer pair {n}\n"


class WriterStore:
    """One database of a writer pair. connect() opens it lazily; put(n) upserts row n (idempotent); delete(n);
    max() the highest n (0: none); close() drops the connection (it is opened again on the next call)."""
    engine = "?"

    def __init__(self, connect):
        self.connect = connect
        self.conn = None

    def c(self):
        if self.conn is None:
            self.conn = self.connect()
            self.prepare()
        return self.conn

    def prepare(self):
        pass

    def close(self):
        conn, self.conn = self.conn, None
        if conn is not None:
            try:
                self.disconnect(conn)
            except Exception:  # noqa: BLE001 - a broken connection may not close cleanly
                pass

    def disconnect(self, conn):
        conn.close()


class MongoWriterStore(WriterStore):
    """Collection lifeboat_writer: {_id: N, file, body}."""
    engine = "mongo"

    def disconnect(self, db):
        db.client.close()

    def put(self, n):
        self.c()[WRITER_NAME].replace_one({"_id": n}, {"_id": n, "file": pair_file(n), "body": pair_body(n)},
                                          upsert=True)

    def delete(self, n):
        self.c()[WRITER_NAME].delete_one({"_id": n})

    def max(self):
        doc = self.c()[WRITER_NAME].find_one({}, sort=[("_id", -1)])
        return int(doc["_id"]) if doc else 0


class RedisWriterStore(WriterStore):
    """Hash lifeboat_writer: field N (decimal) -> file name."""
    engine = "redis"

    def put(self, n):
        self.c().hset(WRITER_NAME, str(n), pair_file(n))

    def delete(self, n):
        self.c().hdel(WRITER_NAME, str(n))

    def max(self):
        return max((int(k) for k in self.c().hkeys(WRITER_NAME)), default=0)


class SqlWriterStore(WriterStore):
    """Table lifeboat_writer (id PRIMARY KEY, file, body) in the app's main database."""
    create = upsert = ""

    def run(self, sql, args=()):
        with self.c().cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchone() if cur.description else None

    def prepare(self):
        with self.conn.cursor() as cur:
            cur.execute(self.create)

    def put(self, n):
        self.run(self.upsert, (n, pair_file(n), pair_body(n)))

    def delete(self, n):
        self.run(f"DELETE FROM {WRITER_NAME} WHERE id = %s", (n,))

    def max(self):
        return int(self.run(f"SELECT COALESCE(MAX(id), 0) FROM {WRITER_NAME}")[0])


class MariaDBWriterStore(SqlWriterStore):
    engine = "mariadb"
    create = f"CREATE TABLE IF NOT EXISTS {WRITER_NAME} (id int PRIMARY KEY, file varchar(64), body text)"
    upsert = (f"INSERT INTO {WRITER_NAME} (id, file, body) VALUES (%s, %s, %s) "
              "ON DUPLICATE KEY UPDATE file = VALUES(file), body = VALUES(body)")


class PostgresWriterStore(SqlWriterStore):
    engine = "postgres"
    create = f"CREATE TABLE IF NOT EXISTS {WRITER_NAME} (id int PRIMARY KEY, file text, body text)"
    upsert = (f"INSERT INTO {WRITER_NAME} (id, file, body) VALUES (%s, %s, %s) "
              "ON CONFLICT (id) DO UPDATE SET file = EXCLUDED.file, body = EXCLUDED.body")


class Writer(threading.Thread):
    """Writes pair N (file N, then row N in each store) while WRITER_FLAG exists. A pair that fails half-way is
    rolled back at once (file and rows already written removed) and tried again after a pause, quietly, so a
    database that is down never leaves a half pair behind and never kills the thread. A pair in progress when
    SIGTERM comes is finished (or rolled back) before the thread ends; serve() waits for it before exiting.
    When switched on, it continues after the highest N found in the folder and the stores; a half pair left by a
    hard kill (SIGKILL, power loss) is removed first and written again."""

    def __init__(self, profile):
        super().__init__(name="writer", daemon=True)
        self.folder = profile.writer_folder
        self.owner = profile.writer_owner or (None, None)
        self.stores = profile.writer_stores()
        self.active = False
        self.next = None        # N of the next pair; None: to be found (at switch-on and after a failed rollback)
        self.last = 0           # N of the last whole pair written by this process
        self.pairs = 0          # pairs written by this process
        self.error = None       # the last failure while the stores are unreachable, None when all is well
        self.stopped = False

    def enabled(self):
        return os.path.exists(WRITER_FLAG)

    def save(self):
        state = {"enabled": self.enabled(), "active": self.active, "stopped": self.stopped, "last": self.last,
                 "next": self.next, "pairs": self.pairs, "error": self.error, "pid": os.getpid(),
                 "folder": self.folder, "stores": [s.engine for s in self.stores], "updated": time.time()}
        try:
            tmp = WRITER_STATE + ".tmp"
            with open(tmp, "w") as f:
                json.dump(state, f)
            os.replace(tmp, WRITER_STATE)
        except OSError:
            pass

    def trouble(self, what, e):
        msg = f"{what}: {type(e).__name__}: {e}".splitlines()[0][:300]
        if self.error is None:      # once per outage: the writer retries quietly
            log(f"writer: {msg}; retrying quietly")
        self.error = msg

    def path(self, n):
        return os.path.join(self.folder, pair_file(n))

    def file_numbers(self):
        out = []
        for name in os.listdir(self.folder):
            if name.startswith("pair-") and name.endswith(".txt") and name[5:-4].isdigit():
                out.append(int(name[5:-4]))
            elif name.endswith(".standin-tmp"):     # a write cut short by a hard kill
                os.remove(os.path.join(self.folder, name))
        return out

    def remove(self, n, stores):
        """Roll pair n back: its file and its rows in `stores`. False when a store could not be reached."""
        ok = True
        try:
            os.remove(self.path(n))
        except FileNotFoundError:
            pass
        for s in stores:
            try:
                s.delete(n)
            except Exception as e:  # noqa: BLE001 - still unreachable: found and removed when switched on again
                s.close()
                self.trouble(f"rolling back pair {n} in {s.engine}", e)
                ok = False
        return ok

    def resume(self):
        """N to write next: after the highest whole pair; a half pair on top is removed first."""
        if not os.path.isdir(self.folder):
            os.makedirs(self.folder, exist_ok=True)
            if self.owner[0] is not None:
                os.chown(self.folder, *self.owner)
        files = self.file_numbers()
        top_file = max(files, default=0)
        tops = [s.max() for s in self.stores]
        top = max([top_file] + tops)
        if top and (top_file != top or any(t != top for t in tops)):
            log(f"writer: pair {top} is incomplete (file {top_file}, stores {tops}): removing it")
            if not self.remove(top, self.stores):
                raise RuntimeError(f"could not remove the half pair {top}")
            return top
        return top + 1

    def write_pair(self, n):
        """File n, then row n in every store. True when whole; on any failure rolled back, False."""
        done = []
        try:
            if self.error is not None:      # after a failure: no file until every store answers again
                for s in self.stores:
                    try:
                        s.max()
                    except Exception:
                        s.close()
                        raise
            write_file(self.path(n), pair_body(n).encode(), 0o644, *self.owner)
            for s in self.stores:
                try:
                    s.put(n)
                except Exception:
                    s.close()
                    raise
                done.append(s)
        except Exception as e:  # noqa: BLE001 - a store or the disk is not there: roll back, try again later
            self.trouble(f"pair {n}", e)
            if not self.remove(n, done):
                self.next = None        # a half pair may be left: resume() removes it once the store is back
            return False
        if self.error is not None:
            log(f"writer: stores reachable again, pair {n} written")
            self.error = None
        return True

    def run(self):
        try:
            os.makedirs(WRITER_CTL, exist_ok=True)
        except OSError:
            pass
        self.save()
        while not STOP.is_set():
            if not self.enabled():
                if self.active:
                    self.active, self.next = False, None
                    for s in self.stores:
                        s.close()
                    log(f"writer off (last pair {self.last})")
                    self.save()
                STOP.wait(WRITER_POLL)
                continue
            if not self.active:
                self.active = True
                log(f"writer on: pairs in {self.folder} and {', '.join(s.engine for s in self.stores)}")
                self.save()
            if self.next is None:
                try:
                    self.next = self.resume()
                    self.last = self.next - 1
                except Exception as e:  # noqa: BLE001 - stores not reachable yet
                    for s in self.stores:
                        s.close()
                    self.trouble("switching on", e)
                    self.save()
                    STOP.wait(0.5)
                    continue
            n = self.next
            if self.write_pair(n):
                self.last, self.next, self.pairs = n, n + 1, self.pairs + 1
                self.save()
                STOP.wait(WRITER_INTERVAL)
            else:
                self.save()
                STOP.wait(0.5)
        for s in self.stores:
            s.close()
        self.active, self.stopped = False, True
        self.save()
        log(f"writer stopped with the process (last pair {self.last}, {self.pairs} written by this process)")


# ------------------------------------------------------------------------------------------------ running
def wait_for(profile):
    deadline = time.time() + WAIT_SECONDS
    while True:
        state = profile.check()
        if all(v == "ok" for v in state.values()):
            return
        if time.time() > deadline or STOP.is_set():
            log(f"giving up waiting for {state}")
            sys.exit(1)
        log(f"waiting for {', '.join(k for k, v in state.items() if v != 'ok')}")
        STOP.wait(2)


def serve(profile):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            pass

        def do_GET(self):
            state = profile.check()
            ok = all(v == "ok" for v in state.values())
            if APP == "nuxeo" and self.path.startswith("/nuxeo/runningstatus"):
                body = b"Ok" if ok else b"Failed"
            else:
                body = json.dumps({"app": APP, "standin": True, "status": "ok" if ok else "degraded",
                                   "stores": state}).encode()
            self.send_response(200 if ok else 503)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            if APP == "seatable":
                append_log("/shared/nginx-logs/dtable-web.access.log", f"GET {self.path} {200 if ok else 503}")

        do_HEAD = do_GET

    servers = []
    for port in profile.ports:
        srv = ThreadingHTTPServer(("0.0.0.0", port), Handler)
        srv.daemon_threads = True
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
    writer = None
    if profile.writer_folder:
        writer = Writer(profile)
        writer.start()
    log(f"STAND-IN {APP} up, answering on port(s) {', '.join(map(str, profile.ports))}")
    beat = 0
    while not STOP.wait(LOG_SECONDS):
        beat += 1
        state = profile.check()
        log(f"heartbeat {beat}: " + (", ".join(f"{k}={v}" for k, v in state.items()) or "no stores"))
        profile.tick()
    log("SIGTERM received: shutting down cleanly")
    if writer is not None:
        # What a real app's flush-on-shutdown does: the pair being written is finished (or rolled back) first.
        writer.join(timeout=3 * WRITER_TIMEOUT_MS / 1000 + 2)
    for srv in servers:
        srv.shutdown()
    log("stopped")


def on_term(signum, frame):
    if ENV.get("STANDIN_IGNORE_SIGTERM") == "1" and signum == signal.SIGTERM:
        log("SIGTERM received and IGNORED (STANDIN_IGNORE_SIGTERM=1)")
        return
    STOP.set()


def migrate(profile):
    """A release's start, as an application's own migrations (issue 20): a database recorded at an older schema is
    migrated to this release's; one recorded at a newer schema is refused, as a real application refuses to run on a
    database a newer release migrated (Overleaf: migrations "can make downgrades impossible"). STANDIN_MIGRATION=fail:
    the migration stops half-way, leaving the database neither old nor new, and the container exits."""
    store = profile.schema()
    if store is None:
        return
    read, write = store
    have = read()
    have = 1 if have is None else have
    if have > SCHEMA:
        log(f"the database is at schema {have}, newer than this release's {SCHEMA}: refusing to start "
            f"(going back to an older release needs the database of before the upgrade)")
        sys.exit(3)
    if have == SCHEMA:
        return
    log(f"migrating the database from schema {have} to {SCHEMA}")
    if MIGRATION == "fail":
        write(99)
        log(f"migration to schema {SCHEMA} FAILED half-way (STANDIN_MIGRATION=fail): the database is left at 99")
        sys.exit(4)
    write(SCHEMA)
    log(f"migrated the database to schema {SCHEMA}")


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "serve"
    profile = PROFILES[APP]()
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    log(f"STAND-IN for {APP} ({cmd})")
    wait_for(profile)
    profile.setup()
    if cmd == "serve":
        migrate(profile)
    if cmd == "seed":
        profile.seed()
        log("seeded")
    elif cmd == "serve":
        serve(profile)


if __name__ == "__main__":
    main()
