#!/usr/bin/env bash
# Sustained live tasks through router → workers (sample agent on the SDK) → simulated provider, with the packaged
# services on a real broker and registry: tasks/s and latency p50/p99. Results in docs/benchmarks.md ("Sustained tasks").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench,builder-service,router-service,canary-service,lineage-service -am package -DskipTests
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/slipway-bench.jar dev.slipway.bench.tasks.SustainedTasksBenchmark "$@"
