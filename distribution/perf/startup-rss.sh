#!/usr/bin/env bash
# Measures start-up time (launch of bin/sockit until the start Result is printed, which sockit does once every
# process is RUNNING) and idle RSS (VmRSS after the runtime sat idle) of a config, several runs. Each run also
# times `java -version` of the same Java, the baseline: milliseconds differ between machines, the ratio of
# start-up to baseline carries over (docs/performance.md).
#
#   distribution/perf/startup-rss.sh [HOME] [RUNS] [CONFIG]
#     HOME    an unpacked distribution (default: .sockit-build/sockit-<version>, as ./sockit makes it)
#     RUNS    how many launches (default 5)
#     CONFIG  the config to run (default: HOME/conf/sockit.yaml, the embedded default)
# Env: IDLE_SECONDS (default 5) how long to wait before reading RSS; SOCKIT_JAVA_OPTS passes JVM options.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n 1)
home=${1:-$root/.sockit-build/sockit-$version}
runs=${2:-5}
config=${3:-$home/conf/sockit.yaml}
idle=${IDLE_SECONDS:-5}
[ -x "$home/bin/sockit" ] || { echo "no distribution at $home (run ./sockit version first)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${JAVA_HOME:-}" ]; then java_cmd=$JAVA_HOME/bin/java; else java_cmd=$(command -v java); fi
printf 'run\tstartup_ms\tjava_version_ms\tratio\tidle_rss_mib\n'
startups=()
baselines=()
ratios=()
rsses=()
for i in $(seq 1 "$runs"); do
  b0=$(date +%s%N)
  "$java_cmd" -version >/dev/null 2>&1
  b1=$(date +%s%N)
  base=$(( (b1 - b0) / 1000000 ))
  out=$work/out.$i
  : > "$out"
  t0=$(date +%s%N)
  "$home/bin/sockit" run -c "$config" --output json > "$out" 2> "$work/err.$i" &
  pid=$!
  # Wait (at most 30 s) for the start Result line.
  for _ in $(seq 1 3000); do
    [ -s "$out" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "sockit exited early:" >&2; cat "$work/err.$i" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  grep -q '"status":"success"' "$out" || { echo "start failed:" >&2; cat "$out" "$work/err.$i" >&2; kill "$pid"; exit 1; }
  sleep "$idle"
  rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"
  wait "$pid" || true
  ms=$(( (t1 - t0) / 1000000 ))
  mib=$(awk -v k="$rss_kib" 'BEGIN {printf "%.1f", k / 1024}')
  ratio=$(awk -v s="$ms" -v b="$base" 'BEGIN {printf "%.1f", s / (b > 0 ? b : 1)}')
  startups+=("$ms")
  baselines+=("$base")
  ratios+=("$ratio")
  rsses+=("$mib")
  printf '%s\t%s\t%s\t%s\t%s\n' "$i" "$ms" "$base" "$ratio" "$mib"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
printf 'median\t%s\t%s\t%s\t%s\n' "$(median "${startups[@]}")" "$(median "${baselines[@]}")" \
  "$(median "${ratios[@]}")" "$(median "${rsses[@]}")"
