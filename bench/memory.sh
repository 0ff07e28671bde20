#!/usr/bin/env bash
# Builder memory under a flood of large builds: peak RSS of the packaged builder (-Xmx768m, as in the local stack)
# while N clients post 15 MiB releases and over-limit bodies at once.
# Usage: bench/memory.sh [--clients N] [--rounds N]. Results are recorded in docs/benchmarks.md ("Builder memory").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench,builder-service,router-service,canary-service,lineage-service -am package -DskipTests
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
exec java ${BENCH_JAVA_OPTS:--Xmx4g} -cp bench/target/slipway-bench.jar dev.slipway.bench.memory.BuildMemoryBenchmark "$@"
