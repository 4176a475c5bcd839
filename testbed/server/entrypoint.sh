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
