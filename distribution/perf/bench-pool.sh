#!/usr/bin/env bash
# Pool acquire/release throughput, a benchmark (not a test): JMH runs, in the same run, the connection-pool's
# Pool, Netty's FixedChannelPool and commons-pool2's GenericObjectPool, each with 8 ready connections, on one and
# then on two threads (sockit's and Netty's pools: one per event loop; commons-pool2: one shared pool).
#
#   distribution/perf/bench-pool.sh [JMH OPTIONS...]       (e.g. -f 3 for three forks; default: 1 fork, 3x1s
#                                                            warm-up, 5x1s measurement)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$root"
# One reactor build with the bench profile (CI never enables it): the pool comes from this checkout, no 'mvn
# install'; JMH 1.37 and commons-pool2 2.13.1 come from Maven Central on the first run.
MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Djansi.noreset=true" mvn -B -q -ntp -Dstyle.color=never -Pbench \
  -pl bench/pool-bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-pool.cp
cp=bench/pool-bench/target/classes:$(cat bench/pool-bench/target/bench-pool.cp)
for threads in 1 2; do
  java -cp "$cp" org.openjdk.jmh.Main 'dev.sockit.bench.pool.PoolAcquireBench' -t "$threads" "$@"
done
