#!/usr/bin/env bash
# Runs P1/P2 (ScaleLab vs DL4J in one JVM, then PyTorch) side by side with the same OpenBLAS core type.
# Usage: benchmarks/bench.sh [p1|p2|gemm|all] [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
which="${1:-all}"; runs="${2:-5}"
if [[ -z "${OPENBLAS_CORETYPE:-}" ]] && grep -qw avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SKYLAKEX; fi
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
(cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package) >&2
echo "== $(date -u +%FT%TZ) ScaleLab + DL4J (java) =="
java -Xmx8g --add-modules jdk.incubator.vector -Dorg.bytedeco.javacpp.cachedir="$root/target/javacpp-cache" \
  -cp "$root/benchmarks/target/scalelab-benchmarks-0.1.0-SNAPSHOT.jar:$root/benchmarks/target/lib/*" \
  dev.scalelab.bench.TrainingBench "$which" "$runs" ${THREADS:-} 2>/dev/null
py=python3; [[ -x /usr/bin/python3 ]] && py=/usr/bin/python3  # Debian's torch lives in the system python
if "$py" -c 'import torch' 2>/dev/null; then
  echo "== PyTorch =="
  "$py" "$root/benchmarks/pytorch_baseline.py" "$which" "$runs"
else
  echo "PyTorch not installed (apt-get install -y python3-torch libopenblas0-pthread): baseline skipped"
fi
