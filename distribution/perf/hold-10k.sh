#!/usr/bin/env bash
# Holds 10,000 TCP connections to a sockit tcp-server echo for a minute, each echoing 64-byte messages
# (bench-kit's tcp_load, closed loop), and reports the server's RSS every 10 s and the driver's result line.
# A script, not a test. Target: RSS under 1 GiB, no errors, all 10,000 connections alive at the end.
#
#   distribution/perf/hold-10k.sh [HOME] [CONNS] [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n 1)
home=${1:-$root/.sockit-build/sockit-$version}
conns=${2:-10000}
seconds=${3:-60}
kit=${KIT_COPY:-/tmp/sockit-bench-kit}
[ -x "$home/bin/sockit" ] || { echo "no distribution at $home" >&2; exit 2; }
if [ ! -x "$kit/c/tcp_load" ]; then
  [ -d "${KIT:-$root/../shared/bench-kit}/c" ] || {
    echo "no bench kit at ${KIT:-$root/../shared/bench-kit} (it is not part of this repository): set KIT" >&2; exit 2; }
  rm -rf "$kit" && cp -r "${KIT:-$root/../shared/bench-kit}" "$kit" && make -s -C "$kit/c"
fi
work=$(mktemp -d)
cat > "$work/hold.yaml" <<YAML
runtime:
  audit: $work/audit.jsonl
processes:
  echo:
    kind: tcp-server
    instances: 2
    config: { host: 127.0.0.1, port: 0, maxConnections: 20000, options: { backlog: 4096 } }
YAML
"$home/bin/sockit" run -c "$work/hold.yaml" --output json > "$work/out" 2> "$work/err" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do [ -s "$work/out" ] && break; sleep 0.1; done
port=$(sed -n 's/.*"address":"127\.0\.0\.1:\([0-9]*\)".*/\1/p' "$work/out" | head -n 1)
[ -n "$port" ] || { cat "$work/out" "$work/err" >&2; exit 1; }
rss() { awk '/^VmRSS:/ {printf "%.1f MiB", $2 / 1024}' "/proc/$pid/status"; }
echo "sockit pid $pid on port $port; idle RSS $(rss)"
"$kit/c/tcp_load" -p "$port" -c "$conns" -s 64 -d "$seconds" -w 2 -T 30 -l "hold-$conns" > "$work/load" &
load=$!
for t in $(seq 10 10 "$seconds"); do
  sleep 10
  est=$(ss -Htn state established "sport = :$port" | wc -l)
  echo "t=${t}s established=$est RSS $(rss)"
done
wait $load
cat "$work/load"
echo "final RSS $(rss)"
