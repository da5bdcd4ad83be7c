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
#      default 10), POOL_MAX (the pool's maxSize, default 8 as in the issue), PIPELINING (the pool's pipelining
#      values to run, default "1 16": the issue's config as written, one request per pool connection at a time,
#      then 16 outstanding per connection; each value gets its own pool, event-handler and front in the one
#      sockit), SOCKIT_JAVA_OPTS (default
#      -Xmx512m, as bench-echo.sh's servers), ROUNDS (default 1: how many times each cell's direct and proxy runs
#      are repeated, alternating; with more than one, a row per round and then the median ratio per cell),
#      JIT_WARM (seconds, default 10: before the table, the direct echo and each front are driven untimed for
#      that long, 16 clients x 64 B and then 128 x 4 KiB, so that the first cell does not measure the JIT
#      compiling the proxy's path; 0 skips it).
# Prints a markdown table: msgs/s, proxy/direct ratio, p50/p99 latency, the sockit JVM's CPU time (user + system,
# from /proc/<pid>/stat over the measured seconds) per message, and the "CPU ratio": (driver + JVM CPU per message
# of the direct echo) / (the same for the proxy), the msgs/s ratio the two would reach when both are CPU-bound
# on the same cores. On a machine shared with other work the msgs/s move with the load, the CPU per message much
# less. Exits 1 if any reply was wrong.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$root"
conns=${CONNS:-16 128} sizes=${SIZES:-64 4096} warm=${WARM:-3} dur=${DUR:-10} pool_max=${POOL_MAX:-8} pipelinings=${PIPELINING:-1 16}
rounds=${ROUNDS:-1}
declare -A ratios=()
./sockit version >/dev/null   # builds .sockit-build/sockit-<version> when a source is newer than the last build
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
home=$root/.sockit-build/sockit-$version
work=$(mktemp -d)
gcc -O2 -Wall -Wextra -Werror -o "$work/frame_load" distribution/perf/frame_load.c

# Free loopback ports: the backend's, then one front per pipelining value (the kernel picks them; a race with
# another program is possible but unlikely).
read -r p_back fronts < <(python3 -c '
import socket, sys
ss = [socket.socket() for _ in range(1 + int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])' "$(wc -w <<<"$pipelinings")")
read -r -a front_ports <<<"$fronts"
cat > "$work/proxy.yaml" <<YAML
runtime:
  audit: $work/audit.jsonl
processes:
  backend:
    kind: tcp-server
    config: { host: 127.0.0.1, port: $p_back, handler: echo, maxConnections: 10000,
              options: { tcpNoDelay: true, backlog: 4096 } }
YAML
i=0
for pl in $pipelinings; do
  cat >> "$work/proxy.yaml" <<YAML
  pool$pl:
    kind: connection-pool
    config:
      targets: [ "127.0.0.1:$p_back" ]
      maxSize: $pool_max
      acquireTimeout: 2s
      codec: { type: length-field, length: 4 }
      pipelining: $pl
  frames$pl:
    kind: event-handler
    config:
      codec: { type: length-field, length: 4, maxFrame: 1MiB }
      chain: [ { route: pool$pl } ]
      onError: close
  front$pl:
    kind: tcp-server
    config: { host: 127.0.0.1, port: ${front_ports[$i]}, handler: forward, forwardTo: frames$pl, maxConnections: 10000,
              options: { tcpNoDelay: true, backlog: 4096 } }
YAML
  i=$((i + 1))
done

SOCKIT_JAVA_OPTS=${SOCKIT_JAVA_OPTS:--Xmx512m} "$home/bin/sockit" run -c "$work/proxy.yaml" --output json \
  >"$work/sockit.out" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 120); do
  up "$p_back" && up "${front_ports[-1]}" && break
  kill -0 "$pid" 2>/dev/null || { echo "sockit exited:" >&2; cat "$work/sockit.out" >&2; exit 1; }
  sleep 0.5
done
up "${front_ports[-1]}" || { echo "sockit did not listen within 60 s" >&2; cat "$work/sockit.out" >&2; exit 1; }

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
jit_warm=${JIT_WARM:-10}
if [ "$jit_warm" -gt 0 ]; then
  for port in "$p_back" "${front_ports[@]}"; do
    half=$(( (jit_warm + 1) / 2 ))
    timeout $((jit_warm + 30)) "$work/frame_load" 127.0.0.1 "$port" 16 64 "$half" 1 >/dev/null || status=1
    timeout $((jit_warm + 30)) "$work/frame_load" 127.0.0.1 "$port" 128 4096 "$half" 1 >/dev/null || status=1
  done
fi
printf '%s%s\n' "| clients | payload | direct msgs/s | pipelining | proxy msgs/s | proxy/direct | direct p50 / p99 µs |" \
       " proxy p50 / p99 µs | JVM CPU µs/msg direct / proxy | CPU ratio |"
printf '%s%s\n' "|--------:|--------:|--------------:|-----------:|-------------:|-------------:|--------------------:|" \
       "-------------------:|------------------------------:|----------:|"
for c in $conns; do
  for s in $sizes; do
   for _ in $(seq 1 "$rounds"); do
    d=$(drive "$p_back" "$c" "$s") || status=1
    echo "direct: $d" >>"$work/raw.txt"
    dm=$(field msgs_per_s "$d")
    i=0
    for pl in $pipelinings; do
      p=$(drive "${front_ports[$i]}" "$c" "$s") || status=1
      i=$((i + 1))
      echo "proxy (pipelining $pl):  $p" >>"$work/raw.txt"
      pm=$(field msgs_per_s "$p")
      ratio=$(awk -v a="${pm:-0}" -v b="${dm:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }')
      cpu=$(awk -v dd="$(field driver_cpu_us_per_msg "$d")" -v dj="$(field cpu_us_per_msg "$d")" \
                -v pd="$(field driver_cpu_us_per_msg "$p")" -v pj="$(field cpu_us_per_msg "$p")" \
            'BEGIN { if (pd + pj > 0) printf "%.2f", (dd + dj) / (pd + pj); else printf "-" }')
      echo "| $c | $s B | ${dm:-fail} | $pl | ${pm:-fail} | $ratio | $(field p50_us "$d") / $(field p99_us "$d") |" \
           "$(field p50_us "$p") / $(field p99_us "$p") | $(field cpu_us_per_msg "$d") / $(field cpu_us_per_msg "$p") |" \
           "$cpu |"
      ratios["$c $s $pl"]+="$ratio "
    done
   done
  done
done
if [ "$rounds" -gt 1 ]; then
  echo
  echo "| clients | payload | pipelining | proxy/direct, each round | median |"
  echo "|--------:|--------:|-----------:|--------------------------|-------:|"
  for c in $conns; do
    for s in $sizes; do
      for pl in $pipelinings; do
        r=${ratios["$c $s $pl"]}
        median=$(tr ' ' '\n' <<<"$r" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END {
          if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
        echo "| $c | $s B | $pl | ${r% } | $median |"
      done
    done
  done
fi
echo
echo "raw driver lines: $work/raw.txt (errors=0 means every reply was byte-exact); sockit output: $work/sockit.out"
exit $status
