#!/usr/bin/env bash
# Benchmarks sockit's tcp-server (and udp-server, when its plugin is there) echo against the reference servers
# of ../shared/bench-kit (C epoll, raw Netty, raw Vert.x), all in one run, one event loop each, so that the
# figures compare as ratios. A benchmark, not a test: CI does not run it.
#
#   distribution/perf/bench-echo.sh [HOME]     HOME: an unpacked distribution (default: .sockit-build/...)
# Env: KIT (default ../shared/bench-kit, copied to a temp dir), TRANSPORT (sockit's runtime.transport, default
#      epoll), plus everything run_all.sh reads (SERVERS, UDP_SERVERS, CONNS, SIZES, DUR, WARM, QUICK...).
# Results: the kit's results/<timestamp>/table.md and results.jsonl (the path is printed at the end).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n 1)
home=${1:-$root/.sockit-build/sockit-$version}
[ -x "$home/bin/sockit" ] || { echo "no distribution at $home (run ./sockit version first)" >&2; exit 2; }
kit_src=${KIT:-$root/../shared/bench-kit}
[ -x "$kit_src/run_all.sh" ] || [ -x "${KIT_COPY:-/tmp/sockit-bench-kit}/run_all.sh" ] || {
  echo "no bench kit at $kit_src (it is not part of this repository): set KIT to a copy of bench-kit" >&2; exit 2; }
kit=${KIT_COPY:-/tmp/sockit-bench-kit}
if [ ! -x "$kit/run_all.sh" ]; then
  rm -rf "$kit" && cp -r "$kit_src" "$kit"
fi
transport=${TRANSPORT:-epoll}
conf=$(mktemp -d)

# One config per protocol; {PORT} is filled in by run_all.sh. One instance = one event loop, like the anchors.
cat > "$conf/tcp.yaml" <<YAML
runtime:
  transport: $transport
  audit: $conf/audit-tcp.jsonl
processes:
  echo:
    kind: tcp-server
    instances: 1
    config:
      host: 127.0.0.1
      port: @PORT@
      handler: echo
      maxConnections: 100000
      options: { tcpNoDelay: true, reuseAddress: true, backlog: 4096 }
YAML
cat > "$conf/udp.yaml" <<YAML
runtime:
  transport: $transport
  audit: $conf/audit-udp.jsonl
processes:
  echo:
    kind: udp-server
    instances: 1
    config:
      host: 127.0.0.1
      port: @PORT@
      handler: echo
      # As the C and raw Netty anchors do: a 4 MiB queue (capped by net.core.rmem_max/wmem_max) so that 128 flows
      # of 4 KiB datagrams in flight fit; the per-datagram read buffer is separate (maxDatagramSize).
      options: { receiveBufferSize: 4MiB, sendBufferSize: 4MiB }
YAML

export SOCKIT_HOME_UNDER_TEST=$home SOCKIT_BENCH_CONF=$conf
# The anchors run with JAVA_OPTS (run_all.sh's default: 512 MiB heap, G1); sockit gets the same.
candidate() { # proto
  echo "sed 's/@PORT@/{PORT}/' $conf/$1.yaml > $conf/$1-{PORT}.yaml && SOCKIT_JAVA_OPTS=\"\$JAVA_OPTS\" exec $home/bin/sockit run -c $conf/$1-{PORT}.yaml --output json"
}
export CANDIDATE_TCP_CMD CANDIDATE_UDP_CMD CANDIDATE_NAME=${CANDIDATE_NAME:-sockit}
CANDIDATE_TCP_CMD=$(candidate tcp)
CANDIDATE_UDP_CMD=$(candidate udp)
: "${SERVERS-c-epoll vertx-epoll netty-epoll candidate}"
if [ -z "${UDP_SERVERS+x}" ]; then
  if ls "$home/plugins"/udp-server-*.jar >/dev/null 2>&1; then
    UDP_SERVERS="c-udp vertx-udp-epoll netty-udp-epoll candidate-udp"
  else
    UDP_SERVERS=""
  fi
fi
: "${CONNS:=16 128}" "${SIZES:=64 4096}"
export SERVERS UDP_SERVERS CONNS SIZES
"$kit/run_all.sh"
