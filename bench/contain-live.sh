#!/usr/bin/env bash
# Time to contain with real workers: from the router's answer to the first canary task whose run (reported by a real
# SDK worker) crosses the per-task spend ceiling, to the next task of that key answered by a worker of the baseline.
# Usage: bench/contain-live.sh [--trials N] [--warmup N]. Results in docs/benchmarks.md ("Time to contain with real
# workers").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench -am package -DskipTests
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/slipway-bench.jar dev.slipway.bench.contain.ContainLiveBenchmark "$@"
