#!/usr/bin/env bash
# Streams throughput: the canary topology (exactly_once_v2, in process) aggregating N RunCompleted records against a
# plain KafkaConsumer decoding the same records, on an in-process broker and a registry.
# Usage: bench/throughput.sh [--records N] [--repeat N] [--profile]
# Results are recorded in docs/benchmarks.md ("Streams throughput").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench -am package -DskipTests
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/slipway-bench.jar dev.slipway.bench.throughput.ThroughputBenchmark "$@"
