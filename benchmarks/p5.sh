#!/usr/bin/env bash
# P5: subset-sum construction for all 397,000 weights of a 784-500-10 target (n = 21, eps = 0.01) on N threads.
# Builds core, engine and pruning, compiles the bench class against them, runs it.
# Usage: benchmarks/p5.sh [THREADS=2] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${1:-2}
RUNS=${2:-3}
OUT=benchmarks/target/p5
mkdir -p "$OUT/classes"
mvn -q -B -o -pl modules/pruning -am compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="modules/pruning/target/classes:modules/engine/target/classes:modules/core/target/classes:$(cat "$OUT/cp.txt")"
javac -d "$OUT/classes" -cp "$CP" benchmarks/src/main/java/dev/scalelab/bench/SubsetSumBench.java
echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
java -Xmx4g -cp "$OUT/classes:$CP" dev.scalelab.bench.SubsetSumBench --threads "$THREADS" --runs "$RUNS" | tee "$OUT/p5.json"
