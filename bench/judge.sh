#!/usr/bin/env bash
# Canary judge simulation: false-abort rates and canary tasks to abort of the sequential judge (canary-service,
# dev.slipway.canary.judge) against a Kayenta-style judge on the same simulated streams.
# Usage: bench/judge.sh [--seed N] [--rollouts N] [--power-rollouts N] [--t-star N] [--steps K] [--only ids]
# Results are recorded in docs/benchmarks.md ("Canary judge").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -o -pl bench -am package -DskipTests
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/slipway-bench.jar dev.slipway.bench.judge.JudgeSimulation "$@"
