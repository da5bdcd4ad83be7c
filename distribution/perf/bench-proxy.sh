#!/usr/bin/env bash
# The proxy chain of issue 11 beside a direct echo, in the same run (a benchmark, not a test: CI does not run it).
# One sockit runs the issue's config: front tcp-server (forward) -> event-handler (length-field 4, chain
# [ {route: pool} ]) -> connection-pool (length-field 4) -> backend tcp-server (echo). The driver
# distribution/perf/frame_load.c (built here with gcc) runs closed loop: every connection sends one length-field
# frame (4-byte big-endian length + payload), waits for the whole answer, checks it byte for byte, sends the next.
# "direct" drives the backend echo itself, "proxy" drives the front; both on loopback, ports picked free.
#
#   distribution/perf/bench-proxy.sh            builds the distribution if needed (./sockit version)
# Env: CONNS (default "16 128"), SIZES (bytes of payload, default "64 4096"), WARM (s, default 3), DUR (s,
#      default 10), POOL_MAX (the pool's maxSize, default 8 as in the issue), PIPELINING (the pool's pipelining,
#      requests outstanding per connection, default 1: one at a time), SOCKIT_JAVA_OPTS (default
#      -Xmx512m, as bench-echo.sh's servers).
# Prints a markdown table: msgs/s, proxy/direct ratio, p50/p99 latency, and the sockit JVM's CPU time (user +
# system, from /proc/<pid>/stat over the measured seconds) per message: on a machine shared with other work the
# msgs/s move with the load, the CPU per message much less. Exits 1 if any reply was wrong.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$root"
conns=${CONNS:-16 128} sizes=${SIZES:-64 4096} warm=${WARM:-3} dur=${DUR:-10} pool_max=${POOL_MAX:-8} pipelining=${PIPELINING:-1}
./sockit version >/dev/null   # builds .sockit-build/sockit-<version> when a source is newer than the last build
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
home=$root/.sockit-build/sockit-$version
work=$(mktemp -d)
gcc -O2 -Wall -Wextra -Werror -o "$work/frame_load" distribution/perf/frame_load.c

# Three free loopback ports (the kernel picks them; a race with another program is possible but unlikely).
read -r p_back p_front p_spare < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
cat > "$work/proxy.yaml" <<YAML
runtime:
  audit: $work/audit.jsonl
processes:
  backend:
    kind: tcp-server
    config: { host: 127.0.0.1, port: $p_back, handler: echo, maxConnections: 10000,
              options: { tcpNoDelay: true, backlog: 4096 } }
  pool:
    kind: connection-pool
    config:
      targets: [ "127.0.0.1:$p_back" ]
      maxSize: $pool_max
      pipelining: $pipelining
      acquireTimeout: 2s
      codec: { type: length-field, length: 4 }
  frames:
    kind: event-handler
    config:
      codec: { type: length-field, length: 4, maxFrame: 1MiB }
      chain: [ { route: pool } ]
      onError: close
  front:
    kind: tcp-server
    config: { host: 127.0.0.1, port: $p_front, handler: forward, forwardTo: frames, maxConnections: 10000,
              options: { tcpNoDelay: true, backlog: 4096 } }
YAML

SOCKIT_JAVA_OPTS=${SOCKIT_JAVA_OPTS:--Xmx512m} "$home/bin/sockit" run -c "$work/proxy.yaml" --output json \
  >"$work/sockit.out" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 120); do
  up "$p_back" && up "$p_front" && break
  kill -0 "$pid" 2>/dev/null || { echo "sockit exited:" >&2; cat "$work/sockit.out" >&2; exit 1; }
  sleep 0.5
done
up "$p_front" || { echo "sockit did not listen within 60 s" >&2; cat "$work/sockit.out" >&2; exit 1; }

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
# The JVM's CPU time so far, in clock ticks (utime + stime: fields 14 and 15 of /proc/<pid>/stat, after the
# command name in parentheses).
ticks() { sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }'; }
hz=$(getconf CLK_TCK)
# Runs the driver against port $1 with $2 clients of $3 bytes; prints its line plus cpu_us_per_msg=..., the JVM's
# CPU over the measured seconds (from WARM to the end) per message answered in them.
drive() {
  local out="$work/drive.out" t0 t1
  timeout $((warm + dur + 30)) "$work/frame_load" 127.0.0.1 "$1" "$2" "$3" "$warm" "$dur" >"$out" &
  local driver=$!
  sleep "$warm"; t0=$(ticks)
  wait "$driver" || return 1
  t1=$(ticks)
  awk -v line="$(cat "$out")" -v t="$((t1 - t0))" -v hz="$hz" 'BEGIN {
    n = line; sub(/.* msgs=/, "", n); sub(/ .*/, "", n)
    printf "%s cpu_us_per_msg=%.1f\n", line, (n > 0 ? t * 1e6 / hz / n : 0) }'
}
status=0
printf '%s%s\n' "| clients | payload | direct msgs/s | proxy msgs/s | proxy/direct | direct p50 / p99 µs |" \
       " proxy p50 / p99 µs | JVM CPU µs/msg direct / proxy |"
printf '%s%s\n' "|--------:|--------:|--------------:|-------------:|-------------:|--------------------:|" \
       "-------------------:|------------------------------:|"
for c in $conns; do
  for s in $sizes; do
    d=$(drive "$p_back" "$c" "$s") || status=1
    p=$(drive "$p_front" "$c" "$s") || status=1
    echo "direct: $d" >>"$work/raw.txt"; echo "proxy:  $p" >>"$work/raw.txt"
    dm=$(field msgs_per_s "$d"); pm=$(field msgs_per_s "$p")
    ratio=$(awk -v a="${pm:-0}" -v b="${dm:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }')
    echo "| $c | $s B | ${dm:-fail} | ${pm:-fail} | $ratio | $(field p50_us "$d") / $(field p99_us "$d") |" \
         "$(field p50_us "$p") / $(field p99_us "$p") | $(field cpu_us_per_msg "$d") / $(field cpu_us_per_msg "$p") |"
  done
done
echo
echo "raw driver lines: $work/raw.txt (errors=0 means every reply was byte-exact); sockit output: $work/sockit.out"
exit $status
