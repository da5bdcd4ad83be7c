#!/usr/bin/env bash
# Parse throughput of the analyzer, a benchmark (not a test): writes a 1M-line `ss -tanpmi` file and a 1M-line
# /proc/net/tcp (5,000 distinct peers) and times, in the same run, a plain line split of each (the baseline), the
# parser alone and the whole analysis (parser, aggregation, rules); prints medians and the heap after GC.
#
#   distribution/perf/bench-parse.sh [DIR] [LINES] [ROUNDS]     (defaults: a temp dir, 1000000, 5)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$root"
mvn -B -q -ntp -pl plugins/analyzer -am -DskipTests test-compile
mkdir -p "$root/target"
mvn -B -q -ntp -pl plugins/analyzer dependency:build-classpath -Dmdep.outputFile="$root/target/bench-parse.cp" >/dev/null
cp=plugins/analyzer/target/classes:plugins/analyzer/target/test-classes:platform-api/target/classes:$(cat "$root/target/bench-parse.cp")
dir=${1:-$(mktemp -d)}
exec java -Xmx256m -cp "$cp" dev.sockit.plugin.analyzer.ParseBench "$dir" "${2:-1000000}" "${3:-5}"
