#!/usr/bin/env bash
# Executor overhead figures (not run in CI). From the repository root:
#   ratify-core/src/bench/run.sh [JMH ARGS...]
# Default JMH arguments: -wi 60 -w 1s -i 10 -r 1s -f 2 ExecutorOverheadBenchmark. The minute of
# warm-up is for the cold benchmarks: they run the store's request code about a hundred times a
# second, and C2 is still compiling it 40-60 s into a run (-XX:+PrintCompilation shows it)
# Needs docker-registry (Debian package). Builds with the reactor, offline, nothing installed:
# ratify-oras (its test-jar classes: LocalRegistry, RegistryPusher) and ratify-notation (signer,
# verifier) depend on ratify-core, so they join the benchmark's class path here, at run time.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ARGS=("$@")
if [ ${#ARGS[@]} -eq 0 ]; then
  ARGS=(-wi 60 -w 1s -i 10 -r 1s -f 2 ExecutorOverheadBenchmark)
fi
# SKIP_BUILD=1 reuses the classes and class path files of the previous run
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -o -q -pl ratify-core,ratify-oras,ratify-notation -am -Pbench test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test \
    -Denforcer.skip=true -Dspotless.check.skip=true
fi
CP="ratify-core/target/test-classes:ratify-core/target/classes"
CP="$CP:ratify-oras/target/test-classes"
for m in ratify-oras ratify-notation; do
  CP="$CP:$m/target/classes"
done
for m in ratify-core ratify-oras ratify-notation; do
  CP="$CP:$(cat "$m/target/bench.cp")"
done
echo "== load: $(uptime)"
# BENCH_NICE=-10 (root only) raises the benchmark's priority, and the registry's, which it starts,
# over other work on a shared machine
RESULTS=${RESULTS:-ratify-core/target/bench-results.json}
${BENCH_NICE:+nice -n "$BENCH_NICE"} java -cp "$CP" org.openjdk.jmh.Main "${ARGS[@]}" -rf json -rff "$RESULTS"
# JMH sums the per-iteration 'ratio' counters of the paired benchmarks; their mean is the figure
python3 - "$RESULTS" <<'PY'
import json, math, sys
for b in json.load(open(sys.argv[1])):
    r = b.get("secondaryMetrics", {}).get("ratio")
    if not r:
        continue
    xs = [x for fork in r["rawData"] for x in fork]
    n = len(xs)
    mean = sum(xs) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1)) if n > 1 else 0.0
    print("%-60s ratio %.2f ± %.2f (95%% CI, %d iterations, min %.2f, max %.2f)"
          % (b["benchmark"].rsplit(".", 1)[-1], mean, 1.96 * sd / math.sqrt(n), n, min(xs), max(xs)))
PY
echo "== load: $(uptime)"
