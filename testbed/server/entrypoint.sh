#!/bin/bash
# PID 1 of a testbed server: start the inner Docker engine and sshd, then wait.
# `up` passes INNER_BIP and INNER_POOL so that the inner engine's addresses stay in
# 10.200.0.0/16 and differ between the servers. On SIGTERM (docker stop) it stops
# sshd and the inner engine cleanly.
set -u

mkdir -p /etc/docker /run/sshd /srv/fill
cat > /etc/docker/daemon.json <<JSON
{
  "bip": "${INNER_BIP:?}",
  "default-address-pools": [{"base": "${INNER_POOL:?}", "size": 24}],
  "log-driver": "json-file"
}
JSON

# /opt is a btrfs volume, as on a server whose data sits on btrfs: Lifeboat freezes a
# btrfs subvolume in a backup's window instead of walking its files there (ADR 0017).
# The volume is a sparse file in this container's own layer (gone with the container),
# on a loop device whose node is made here (capabilities, no --privileged); detached
# by the kernel when the last mount of it goes (losetup -d on a mounted device).
opt_on_btrfs() {
    local img=/var/lib/lifeboat-btrfs.img dev= i n
    [ -e /dev/loop-control ] || mknod /dev/loop-control c 10 237 || return 1
    if [ ! -f "$img" ]; then
        truncate -s 40G "$img" && mkfs.btrfs -q "$img" || { rm -f "$img"; return 1; }
    fi
    for i in 1 2 3 4 5 6 7 8; do
        n=$(losetup -f) || return 1
        [ -b "$n" ] || mknod "$n" b 7 "${n#/dev/loop}" || return 1
        if losetup "$n" "$img" 2>/dev/null; then dev=$n; break; fi
    done
    [ -n "$dev" ] || return 1
    mount -t btrfs "$dev" /opt || { losetup -d "$dev"; return 1; }
    losetup -d "$dev"
}
opt_on_btrfs || echo "testbed: /opt could not be put on btrfs" >&2

# Host keys come from the host (copied in by `up` before the first start).
chmod 0600 /etc/ssh/ssh_host_*_key 2>/dev/null

dockerd >/var/log/dockerd.log 2>&1 &
dockerd_pid=$!
/usr/sbin/sshd -E /var/log/sshd.log

stop() {
    [ -f /run/sshd.pid ] && kill "$(cat /run/sshd.pid)" 2>/dev/null
    kill -TERM "$dockerd_pid" 2>/dev/null
    wait "$dockerd_pid"
    exit 0
}
trap stop TERM INT

# Wait forever; bash as PID 1 also reaps orphaned processes while waiting.
while true; do
    sleep 3600 &
    wait $!
done
