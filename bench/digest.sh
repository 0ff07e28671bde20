#!/usr/bin/env bash
# Release digest benchmark: Slipway load + digest of a 1,000-file, 50 MiB release vs sha256sum over the same files.
# Usage: bench/digest.sh [--files N] [--mib N] [--seed N] [--warmup N] [--runs N] [--keep]
# Results are recorded in docs/benchmarks.md ("Release digest").
set -euo pipefail
cd "$(dirname "$0")/.."
# Other builds share this machine: maven always runs under the shared lock.
flock /tmp/slipway-mvn.lock mvn -q -pl release-core,bench -am package -DskipTests
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
exec java ${BENCH_JAVA_OPTS:-} -jar bench/target/slipway-bench.jar "$@"
