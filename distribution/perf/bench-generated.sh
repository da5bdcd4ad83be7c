#!/usr/bin/env bash
# The generator's echo servers beside the bench kit's anchors and sockit's tcp-server, in one run (issue 12's
# speed check; a benchmark, not a test: CI does not run it). Every server runs in turn on a free loopback port,
# one thread / event loop each, driven by the kit's closed-loop tcp_load with the same matrix; the table gives
# msgs/s and each generated server's ratio to its anchor:
#   generated C epoll (edge-triggered) / the kit's C epoll echo        target >= 0.95
#   generated C io_uring / generated C epoll                           target >= 1.0
#   generated Java nio, generated Java netty / the kit's raw Netty     target >= 0.9
# and sockit's tcp-server (echo handler, one instance) beside them all.
#
#   distribution/perf/bench-generated.sh
# Env: KIT (default ../shared/bench-kit; copied to a temp dir), CONNS (default "16 128"), SIZES (default
#      "64 4096"), WARM (s, default 2), DUR (s, default 5), SERVERS (default: all of the list below),
#      ROUNDS (default 1: on a shared machine use 3 or more; the servers then take turns ROUNDS times, and each
#      cell is the median of its rounds), JAVA_OPTS (the Java servers', default -Xmx512m, as the kit's anchors),
#      JIT_WARM (seconds, default 10: each server, once started, is driven untimed for that long, 16 x 64 B and
#      then 128 x 4 KiB, before its first cell, so that no cell of a Java server measures the JIT compiling it;
#      0 skips it), PIN ("SERVER_CPUS:DRIVER_CPUS" for taskset, e.g. "0:1": the server on one CPU and the load
#      driver on another, so that the scheduler does not move them onto one core mid-cell; default: not pinned).
# With ROUNDS > 1 each ratio is also given per round (a generated server against its anchor's cell of the same
# round), and their median: the rounds of one server drift together with the machine, so a round's pair is a fairer
# comparison than two medians taken over different rounds.
# The generated Netty server runs with -Dio.netty.eventLoopThreads=1 (one event loop, as the kit's Netty anchor;
# its default is two per core).
# Exits 1 if a server does not start or a driver reports errors (a wrong byte, a reset).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$root"
conns=${CONNS:-16 128} sizes=${SIZES:-64 4096} warm=${WARM:-2} dur=${DUR:-5} rounds=${ROUNDS:-1}
servers=${SERVERS:-kit-c-epoll gen-c-epoll gen-c-io_uring kit-netty gen-java-nio gen-java-netty sockit}
export JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
server_pin="" driver_pin=""
if [ -n "${PIN:-}" ]; then
  [[ $PIN == *:* ]] || { echo "PIN '$PIN': expected SERVER_CPUS:DRIVER_CPUS, e.g. 0:1" >&2; exit 2; }
  server_pin="taskset -c ${PIN%%:*}" driver_pin="taskset -c ${PIN#*:}"
fi
kit_src=${KIT:-$root/../shared/bench-kit}
[ -f "$kit_src/c/tcp_load.c" ] || { echo "no bench kit at $kit_src (not part of this repository): set KIT" >&2; exit 2; }

./sockit version >/dev/null   # builds .sockit-build/sockit-<version> when a source is newer than the last build
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
sockit=$root/.sockit-build/sockit-$version/bin/sockit
work=$(mktemp -d)
echo "work directory: $work" >&2
cp -r "$kit_src" "$work/kit"
make -s -C "$work/kit/c" >/dev/null
if [[ " $servers " == *" kit-netty "* ]]; then
  mvn -q -f "$work/kit/java/pom.xml" package -DskipTests >/dev/null
fi

# The generated programs, as a user makes them: sockit generate, then the build command its Result names.
generate() { # dir args...
  local dir=$1; shift
  "$sockit" generate tcp-server "$@" -o "$dir" >"$dir.result.json" 2>"$dir.err" \
    || { echo "sockit generate $* failed:" >&2; cat "$dir.err" >&2; exit 1; }
}
for s in $servers; do
  case $s in
    gen-c-epoll)    generate "$work/c-epoll" --lang c --io epoll && make -s -C "$work/c-epoll" >/dev/null ;;
    gen-c-io_uring) generate "$work/c-uring" --lang c --io io_uring && make -s -C "$work/c-uring" >/dev/null ;;
    gen-java-nio)   generate "$work/java-nio" --lang java --io nio ;;
    gen-java-netty) generate "$work/java-netty" --lang java --io netty \
                      && mvn -q -f "$work/java-netty/pom.xml" package -DskipTests >/dev/null ;;
  esac
done
cat > "$work/sockit.yaml" <<'YAML'
runtime:
  transport: epoll
processes:
  echo:
    kind: tcp-server
    instances: 1
    config: { host: 127.0.0.1, port: @PORT@, handler: echo, maxConnections: 100000,
              options: { tcpNoDelay: true, backlog: 4096 } }
YAML

command_of() { # server port
  case $1 in
    kit-c-epoll)    echo "$work/kit/c/epoll_echo $2" ;;
    kit-netty)      echo "java $JAVA_OPTS -jar $work/kit/java/netty-echo/target/netty-echo.jar tcp --port $2 --transport epoll" ;;
    gen-c-epoll)    echo "$work/c-epoll/tcp-server 127.0.0.1 $2" ;;
    gen-c-io_uring) echo "$work/c-uring/tcp-server 127.0.0.1 $2" ;;
    gen-java-nio)   echo "java $JAVA_OPTS $work/java-nio/TcpServer.java 127.0.0.1 $2" ;;
    gen-java-netty) echo "java $JAVA_OPTS -Dio.netty.eventLoopThreads=1 -jar $work/java-netty/target/tcp-server.jar 127.0.0.1 $2" ;;
    sockit)         sed "s/@PORT@/$2/" "$work/sockit.yaml" >"$work/sockit-$2.yaml"
                    echo "env SOCKIT_JAVA_OPTS=$JAVA_OPTS $sockit run -c $work/sockit-$2.yaml" ;;
    *) echo "unknown server '$1' (expected: kit-c-epoll kit-netty gen-c-epoll gen-c-io_uring gen-java-nio gen-java-netty sockit)" >&2
       return 1 ;;
  esac
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

status=0
jit_warm=${JIT_WARM:-10}
declare -A rate
for round in $(seq 1 "$rounds"); do
for s in $servers; do
  port=$(free_port)
  cmd=$(command_of "$s" "$port")
  setsid bash -c "exec $server_pin $cmd" >"$work/$s.log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 1 120); do up "$port" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if ! up "$port"; then
    echo "$s did not listen on $port:" >&2; tail -5 "$work/$s.log" >&2
    kill -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    status=1; continue
  fi
  if [ "$jit_warm" -gt 0 ]; then
    half=$(( (jit_warm + 1) / 2 ))
    timeout $((jit_warm + 30)) $driver_pin "$work/kit/c/tcp_load" -p "$port" -c 16 -s 64 -d 1 -w "$half" -l warm >/dev/null \
      && timeout $((jit_warm + 30)) $driver_pin "$work/kit/c/tcp_load" -p "$port" -c 128 -s 4096 -d 1 -w "$half" -l warm \
        >/dev/null || { echo "$s: the untimed warm-up failed" >&2; status=1; }
  fi
  for c in $conns; do
    for z in $sizes; do
      line=$(timeout $((warm + dur + 30)) $driver_pin "$work/kit/c/tcp_load" -p "$port" -c "$c" -s "$z" -d "$dur" -w "$warm" -l "$s") \
        || { echo "$s: tcp_load failed ($c x $z)" >&2; status=1; continue; }
      echo "$line" >>"$work/results.jsonl"
      errors=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["errors"])' "$line")
      [ "$errors" = 0 ] || { echo "$s: $errors errors ($c x $z)" >&2; status=1; }
      rate[$s,$c,$z]+=" $(python3 -c 'import json, sys; print(round(json.loads(sys.argv[1])["msgs_per_s"]))' "$line")"
    done
  done
  kill -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
done
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)) }'; }
for key in "${!rate[@]}"; do rate[$key]=$(echo "${rate[$key]}" | median); done

anchor_of() {
  case $1 in
    gen-c-epoll) echo kit-c-epoll ;; gen-c-io_uring) echo gen-c-epoll ;;
    gen-java-nio | gen-java-netty | sockit) echo kit-netty ;; *) echo "" ;;
  esac
}
header="| server |" rule="|--------|"
for c in $conns; do for z in $sizes; do header+=" $c x $z B msgs/s$(if [ "$rounds" -gt 1 ]; then echo " (median of $rounds)"; fi) |"; rule+="------:|"; done; done
echo "$header ratio to |"
echo "$rule-------|"
for s in $servers; do
  row="| $s |" a=$(anchor_of "$s")
  for c in $conns; do
    for z in $sizes; do
      v=${rate[$s,$c,$z]:-fail} base=${a:+${rate[$a,$c,$z]:-}}
      if [ -n "$a" ] && [ -n "$base" ] && [ "$v" != fail ]; then
        row+=" $v ($(awk -v x="$v" -v y="$base" 'BEGIN { printf "%.2f", x / y }')) |"
      else
        row+=" $v |"
      fi
    done
  done
  echo "$row ${a:--} |"
done
if [ "$rounds" -gt 1 ]; then
  echo
  echo "per round (each round's cell against its anchor's cell of the same round; median last):"
  for s in $servers; do
    a=$(anchor_of "$s")
    [ -n "$a" ] || continue
    for c in $conns; do
      for z in $sizes; do
        python3 - "$work/results.jsonl" "$s" "$a" "$c" "$z" <<'PY'
import json, statistics, sys
path, server, anchor, conns, size = sys.argv[1:]
rows = [json.loads(line) for line in open(path)]
def rates(label):
    return [r["msgs_per_s"] for r in rows if r["label"] == label and r["conns"] == int(conns) and r["size"] == int(size)]
ratios = [x / y for x, y in zip(rates(server), rates(anchor)) if y > 0]
if ratios:
    print(f"  {server} / {anchor}, {conns} x {size} B: " + " ".join(f"{r:.2f}" for r in ratios)
          + f" (median {statistics.median(ratios):.2f})")
PY
      done
    done
  done
fi
echo
echo "driver lines (JSON, errors=0: every byte checked): $work/results.jsonl; server logs: $work/*.log"
exit $status
