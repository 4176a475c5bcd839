# Shared settings and helpers of the testbed scripts (up, down, fault, ssh).
# Sourced, never run on its own. Every address used here is inside 10.200.0.0/16,
# the only range the testbed may create or talk to (besides loopback).

TESTBED_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Everything the testbed creates lives in one state dir, outside the repository,
# so a fresh clone reuses the cached images and no key or password is ever committed.
export TESTBED_STATE=${LIFEBOAT_TESTBED_HOME:-/var/lib/lifeboat-testbed}

# The private Docker engine: its own data root (kept between runs: the image cache),
# exec root, socket and pid file, so it never collides with any other engine.
ENGINE_DIR=$TESTBED_STATE/engine
ENGINE_DATA=$ENGINE_DIR/data
ENGINE_EXEC=$ENGINE_DIR/exec
ENGINE_SOCK=$ENGINE_DIR/docker.sock
ENGINE_PIDFILE=$ENGINE_DIR/docker.pid
ENGINE_LOG=$ENGINE_DIR/dockerd.log
export DOCKER_HOST=unix://$ENGINE_SOCK
# Unix socket paths are limited to 107 bytes; containerd's socket sits deepest.
if ((${#ENGINE_EXEC} + 40 > 107)); then
    printf '[testbed] ERROR: state dir path too long for unix sockets: %s\n' "$TESTBED_STATE" >&2
    exit 1
fi

# The engine's default bridge is one we create ourselves under our own name, so a
# leftover `docker0` of some other engine can neither be reused nor break our start.
ENGINE_BRIDGE=lbtb0
ENGINE_BRIDGE_CIDR=10.200.250.1/24
ENGINE_POOL=base=10.200.0.0/17,size=24

# The network the two servers sit on. It is --internal: the servers can reach each
# other and the host, nothing else.
NET_NAME=lifeboat-testbed
NET_BRIDGE=lbtb1
NET_SUBNET=10.200.100.0/24
NET_GATEWAY=10.200.100.1

SERVERS=(srv-a srv-b)
BASE_IMAGE=local/debian:bookworm
SERVER_IMAGE=local/lifeboat-server:bookworm

# Size of the small dedicated filesystem each server has at /srv/fill (see `fault disk-fill`).
FILL_PATH=/srv/fill
FILL_SIZE=256m

# The Debian docker CLI matches the Debian engine; fall back to whatever `docker` is on PATH.
if [[ -x /usr/bin/docker ]]; then DOCKER_BIN=/usr/bin/docker; else DOCKER_BIN=docker; fi

log() { printf '[testbed] %s\n' "$*" >&2; }
die() { printf '[testbed] ERROR: %s\n' "$*" >&2; exit 1; }

# `docker` always means the private engine (DOCKER_HOST is exported above).
docker() { "$DOCKER_BIN" "$@"; }

server_ip() {
    case $1 in
        srv-a) echo 10.200.100.10 ;;
        srv-b) echo 10.200.100.11 ;;
        *) die "unknown server '$1' (known: ${SERVERS[*]})" ;;
    esac
}

# The inner engine of each server keeps its addresses in 10.200.0.0/16 as well,
# disjoint from the outer engine's pool (10.200.0.0/17) and from the other server.
server_inner_bip() {
    case $1 in
        srv-a) echo 10.200.201.1/24 ;;
        srv-b) echo 10.200.202.1/24 ;;
    esac
}
server_inner_pool() {
    case $1 in
        srv-a) echo 10.200.160.0/19 ;;
        srv-b) echo 10.200.128.0/19 ;;
    esac
}

# The named volume that holds a server's inner /var/lib/docker (its image cache).
server_volume() { echo "lifeboat-$1-docker"; }

check_server() {
    local s
    for s in "${SERVERS[@]}"; do [[ $s == "$1" ]] && return 0; done
    die "unknown server '$1' (known: ${SERVERS[*]})"
}

# True when PID is a live (not zombie) dockerd process.
pid_is_dockerd() {
    local pid=$1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == dockerd ]] || return 1
    [[ $(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) != Z ]]
}

# The pid in our engine's pid file, if that process is a live dockerd.
engine_pid() {
    local pid
    pid=$(cat "$ENGINE_PIDFILE" 2>/dev/null) || return 1
    pid_is_dockerd "$pid" || return 1
    echo "$pid"
}

# True when the private engine named by our pid file is alive and answering.
engine_running() {
    engine_pid >/dev/null || return 1
    timeout 10 "$DOCKER_BIN" version >/dev/null 2>&1
}

# True when some other dockerd than ours runs on this host. The inner engines of our
# servers are visible in `ps` too, but they live in other pid namespaces: not counted.
other_dockerd_running() {
    local pid ours
    ours=$(engine_pid || true)
    for pid in $(pgrep -x dockerd || true); do
        [[ $pid == "$ours" ]] && continue
        pid_is_dockerd "$pid" || continue
        [[ $(readlink "/proc/$pid/ns/pid") == $(readlink /proc/self/ns/pid) ]] && return 0
    done
    return 1
}

# One `up` or `down` at a time (a test run and a person may start one together).
# The lock is fd 9 on a file in the state dir; it is released when the script exits.
take_lock() {
    exec 9>"$TESTBED_STATE/lock"
    if ! flock -n 9; then
        log "waiting for another testbed/up or testbed/down to finish"
        flock -w 1200 9 || die "another testbed/up or down holds $TESTBED_STATE/lock for 20 min"
    fi
}

server_running() {
    [[ $(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null) == true ]]
}

# Phase timing: `phase_start NAME` ... `phase_end`; `phase_report` prints them all.
PHASE_NAMES=()
PHASE_SECS=()
phase_start() {
    PHASE_CURRENT=$1
    PHASE_T0=$(date +%s.%N)
    log "== $1"
}
phase_end() {
    local secs
    secs=$(awk -v a="$PHASE_T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    PHASE_NAMES+=("$PHASE_CURRENT")
    PHASE_SECS+=("$secs")
    log "   $PHASE_CURRENT took ${secs}s"
}
phase_report() {
    local i
    log "phase times:"
    for i in "${!PHASE_NAMES[@]}"; do
        printf '[testbed]   %-22s %7ss\n' "${PHASE_NAMES[$i]}" "${PHASE_SECS[$i]}" >&2
    done
}
