#!/usr/bin/env bash
# The lineage store and alert delivery against the packaged lineage-service on a real broker and registry: runs
# ingested per second, point look-up p99 with 1,000,000 runs stored (open loop), and alert raised -> page received.
# Usage: bench/lineage.sh [--runs N] [--lookup-rate R] [--lookup-seconds S] [--alerts K]
# Results are recorded in docs/benchmarks.md ("Lineage").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench -am package -DskipTests
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/slipway-bench.jar dev.slipway.bench.lineage.LineageBenchmark "$@"
