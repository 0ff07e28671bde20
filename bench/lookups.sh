#!/usr/bin/env bash
# Route look-ups: in process (JMH: TrafficSplit.assign, and the route-table look-up + assign) and over HTTP against the
# packaged router (wrk: 2 threads, 50 connections, 30 s) on a real broker and registry; then latency at fixed offered
# loads (open loop, 1,000-20,000 requests/s) against the router and against a do-nothing server (this machine's floor).
# Usage: bench/lookups.sh [jmh|http|all] [--duration S] [--warmup S] [--connections N] [--threads N] [--load wrk|java]
#        [--rates R,R,...] [--open-duration S]
# Results are recorded in docs/benchmarks.md ("Route look-ups").
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-all}" != jmh ] && ! command -v wrk >/dev/null 2>&1; then
  # wrk comes from Debian; without it the harness falls back to its Java load generator and says so.
  echo "wrk not found: installing it with apt-get install -y wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; } \
    || echo "could not install wrk: the Java load generator will be used"
fi
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench -am package -DskipTests
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/slipway-bench.jar dev.slipway.bench.lookups.LookupsBenchmark "$@"
