#!/usr/bin/env bash
# Per-call overhead on open + read + close of a small allowed file: no agent vs Warden (enforcing a files policy), in one run.
# Build first (from the repo root): mvn -q -pl bench -am package -DskipTests
# Options: --runs N --warmup-calls N --calls N --jdk JAVA_HOME --warden-agent JAR (see README.md)
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ ! -f "$bench_dir/target/classes/dev/warden/bench/FileOpenBench.class" ]]; then
  echo "bench is not built; run from the repo root: mvn -q -pl bench -am package -DskipTests" >&2
  exit 2
fi
exec java -cp "$bench_dir/target/classes" dev.warden.bench.FileOpenBench "$@"
