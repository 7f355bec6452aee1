#!/usr/bin/env bash
# Load figures for the provider (not run in CI). From the repository root:
#   examples/server/src/bench/run.sh [DURATION] [SUSTAIN]
# DURATION: each wrk phase (default 30s); SUSTAIN: the memory run (default 10m).
# Needs wrk, docker-registry; builds the module's test classpath with Maven first.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
DUR=${1:-30s}
SUSTAIN=${2:-10m}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
PORT=${PORT:-17001}
# one reactor run: compiles, then writes each module's class path (the last one written is the server's)
mvn -B -q -pl examples/server -am -Pbench test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test -Denforcer.skip=true -Dspotless.check.skip=true
CP="examples/server/target/test-classes:examples/server/target/classes:$(cat "$OUT/cp.txt")"
java -Xmx512m -XX:+UseG1GC -cp "$CP" io.ratify.examples.server.BenchServer "$OUT" "$PORT" > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [ -f "$OUT/bench.env" ] && break; sleep 1; done
# shellcheck disable=SC1091
. "$OUT/bench.env"
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v p="$2" 'index($0,p)==1 {s+=$NF} END {printf "%d", s}'; }
SCRIPT=examples/server/src/bench/verify.lua

echo "== load: $(uptime)"
echo "== cached: 1 key per request (signed, by tag), 2 threads, 32 keep-alive HTTPS connections"
KEYS="$SIGNED_TAG_KEY" wrk -t2 -c32 -d10s -s $SCRIPT "https://127.0.0.1:$CACHED_PORT" > /dev/null # warm-up
KEYS="$SIGNED_TAG_KEY" wrk -t2 -c32 -d"$DUR" --latency -s $SCRIPT "https://127.0.0.1:$CACHED_PORT"

echo "== raw registry: GET manifest by digest, 2 threads, 32 connections"
wrk -t2 -c32 -d"$DUR" -s examples/server/src/bench/registry.lua "http://$REGISTRY/v2/$REPO/manifests/$SIGNED_DIGEST"

echo "== uncached: 1 key per request (signed, by digest), cache off"
before=$(metric "$UNCACHED_METRICS" ratify_registry_request_count_total)
vbefore=$(metric "$UNCACHED_METRICS" 'ratify_request_item_count_total{kind="verify",outcome="allowed"}')
KEYS="$SIGNED_DIGEST_KEY" wrk -t2 -c16 -d"$DUR" --latency -s $SCRIPT "https://127.0.0.1:$UNCACHED_PORT"
after=$(metric "$UNCACHED_METRICS" ratify_registry_request_count_total)
vafter=$(metric "$UNCACHED_METRICS" 'ratify_request_item_count_total{kind="verify",outcome="allowed"}')
echo "uncached verifications=$((vafter - vbefore)) store->registry requests=$((after - before))"

echo "== sustained: $SUSTAIN cached load, 10 keys per request; memory sampled every 30 s"
KEYS="$SIGNED_TAG_KEY,$SIGNED_DIGEST_KEY,$UNSIGNED_DIGEST_KEY,[a]$SIGNED_TAG_KEY,[b]$SIGNED_TAG_KEY,[c]$SIGNED_DIGEST_KEY,[d]$UNSIGNED_DIGEST_KEY,[e]$SIGNED_TAG_KEY,[f]$SIGNED_DIGEST_KEY,[g]$UNSIGNED_DIGEST_KEY" \
  wrk -t2 -c16 -d"$SUSTAIN" --latency -s $SCRIPT "https://127.0.0.1:$CACHED_PORT"
sleep 31
echo "== memory (heap after GC, RSS):"
cat "$OUT/memory.csv"
echo "output in $OUT"
