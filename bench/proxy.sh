#!/usr/bin/env bash
# The router's task proxy against calling the worker directly: p50/p99 over N sequential tasks each way, with the
# packaged router on a real broker and registry. Results in docs/benchmarks.md ("Router task proxy").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench,router-service -am package -DskipTests
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/slipway-bench.jar dev.slipway.bench.tasks.ProxyOverheadBenchmark "$@"
