#!/usr/bin/env bash
# Provider failover over HTTP on loopback: time from a primary outage to the first answer from the secondary, per kind
# of outage, and the latency once the primary's breaker is open. Results in docs/benchmarks.md ("Provider failover").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench -am package -DskipTests
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/slipway-bench.jar dev.slipway.bench.sdk.FailoverBenchmark "$@"
