#!/usr/bin/env bash
# Agent SDK overhead per task (guard, failover bookkeeping, ceilings, pricing, run record and its Avro event) against
# the same calls made bare: JMH. Results are recorded in docs/benchmarks.md ("Agent SDK overhead").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench -am package -DskipTests
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | sed -n 1p)"
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/slipway-bench.jar dev.slipway.bench.sdk.SdkOverheadBenchmark "$@"
