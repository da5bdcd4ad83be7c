#!/usr/bin/env bash
# Parse throughput of the analyzer, a benchmark (not a test): writes a 1M-line `ss -tanpmi` file and a 1M-line
# /proc/net/tcp (5,000 distinct peers) and times, in the same run, a plain line split of each (the baseline), the
# parser alone and the whole analysis (parser, aggregation, rules); prints medians and the heap after GC.
#
#   distribution/perf/bench-parse.sh [DIR] [LINES] [ROUNDS] [ss|proc|both]   (defaults: a temp dir, 1000000, 5, both)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$root"
# One reactor build: platform-api comes from this checkout (no 'mvn install' needed), and each module writes
# its own class path file. Maven's errors stay on the console; jansi.noreset stops Maven 3.8's ESC[0m junk.
MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Djansi.noreset=true" mvn -B -q -ntp -Dstyle.color=never \
  -pl plugins/analyzer -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-parse.cp -Dmdep.includeScope=test
cp=plugins/analyzer/target/classes:plugins/analyzer/target/test-classes:$(cat plugins/analyzer/target/bench-parse.cp)
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
exec java -Xmx256m -cp "$cp" dev.sockit.plugin.analyzer.ParseBench "$dir" "${2:-1000000}" "${3:-5}" "${4:-both}"
