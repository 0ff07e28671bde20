#!/usr/bin/env bash
# Time to contain: from one candidate run over the per-task spend ceiling (acknowledged by the broker) to the router's
# look-up answering the baseline, through the packaged router and canary services on a real broker and registry.
# Usage: bench/contain.sh [--trials N] [--warmup N] [--timeout-seconds N]
#        BENCH_JAVA_OPTS='-Dbench.service.<key>=<value>' passes a system property to both services.
# Results are recorded in docs/benchmarks.md ("Time to contain").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock. Builds the router and canary services'
# target/quarkus-app (bench depends on both) and the bench jar.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench -am package -DskipTests
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/slipway-bench.jar dev.slipway.bench.contain.ContainBenchmark "$@"
