#!/usr/bin/env bash
# Load figures for the provider (not run in CI). From the repository root:
#   examples/server/src/bench/run.sh [DURATION] [SUSTAIN]
# DURATION: each wrk phase (default 30s); SUSTAIN: the memory run (default 10m; 0 skips it).
# Needs wrk, docker-registry; builds the module's test classpath with Maven first.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
DUR=${1:-30s}
SUSTAIN=${2:-10m}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
PORT=${PORT:-17001}
# one reactor run: compiles, then writes each module's class path (the last one written is the server's)
mvn -B -o -q -pl examples/server -am -Pbench test-compile \
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
echo "== cached, lighter load: 4 keep-alive HTTPS connections (latency below saturation)"
KEYS="$SIGNED_TAG_KEY" wrk -t2 -c4 -d"$DUR" --latency -s $SCRIPT "https://127.0.0.1:$CACHED_PORT"

echo "== uncached: 1 key per request (signed, by digest, a new namespace each), every cache off (verdict, tag, store), 2 threads, 16 connections"
before=$(metric "$UNCACHED_METRICS" ratify_registry_request_count_total)
vbefore=$(metric "$UNCACHED_METRICS" 'ratify_request_item_count_total{kind="verify",outcome="allowed"}')
# UNIQUE: each request its own namespace, else single flight would let concurrent requests share one
KEYS="$SIGNED_DIGEST_KEY" UNIQUE=1 wrk -t2 -c16 -d"$DUR" --timeout 10s --latency -s $SCRIPT "https://127.0.0.1:$UNCACHED_PORT" | tee "$OUT/uncached.txt"
after=$(metric "$UNCACHED_METRICS" ratify_registry_request_count_total)
vafter=$(metric "$UNCACHED_METRICS" 'ratify_request_item_count_total{kind="verify",outcome="allowed"}')
awk -v r=$((after - before)) -v v=$((vafter - vbefore)) -v n="$SEQUENCE_LENGTH" 'BEGIN {
  printf "uncached verifications=%d store calls=%d (%.2f per verification; a referrers listing is 2 registry requests on docker-registry, the API then the tag schema; the replayed sequence has %d requests)\n", v, r, (v ? r / v : 0), n }'

echo "== raw registry: the $SEQUENCE_LENGTH requests of one uncached verification (from the registry's log), cycled, 2 threads, 16 connections"
echo "   (the referrers API answers 404 on docker-registry: wrk lists those as non-2xx, as the store sees them)"
SEQUENCE="$SEQUENCE" wrk -t2 -c16 -d"$DUR" -s examples/server/src/bench/registry.lua "http://$REGISTRY" | tee "$OUT/raw.txt"
v=$(sed -n 's/^verifications\/s=//p' "$OUT/uncached.txt")
r=$(sed -n 's/^raw request sequences\/s=//p' "$OUT/raw.txt")
awk -v v="$v" -v r="$r" 'BEGIN { printf "uncached verifications/s=%s raw request sequences/s=%s ratio=%.2f\n", v, r, (r > 0 ? v / r : 0) }'

if [ "$SUSTAIN" = "0" ]; then
  echo "output in $OUT"
  exit 0
fi
echo "== sustained: $SUSTAIN cached load, 10 keys per request; memory sampled every 30 s"
KEYS="$SIGNED_TAG_KEY,$SIGNED_DIGEST_KEY,$UNSIGNED_DIGEST_KEY,[a]$SIGNED_TAG_KEY,[b]$SIGNED_TAG_KEY,[c]$SIGNED_DIGEST_KEY,[d]$UNSIGNED_DIGEST_KEY,[e]$SIGNED_TAG_KEY,[f]$SIGNED_DIGEST_KEY,[g]$UNSIGNED_DIGEST_KEY" \
  wrk -t2 -c16 -d"$SUSTAIN" --latency -s $SCRIPT "https://127.0.0.1:$CACHED_PORT"
sleep 31
echo "== memory (heap after GC, RSS):"
cat "$OUT/memory.csv"
echo "output in $OUT"
