#!/usr/bin/env bash
# Runs P1/P2 (ScaleLab vs DL4J in one JVM, then PyTorch) and `memorize --seeds 100` (ScaleLab, then the PyTorch
# script of the same experiment) side by side with the same OpenBLAS core type; prints the CPU model and the load
# average before each part.
# p2grid: P2's shape at K = 1, 8, 64, 512 and W = 16, 64 (ScaleLab fused and ND4J primitives, then PyTorch).
# Usage: benchmarks/bench.sh [p1|p2|gemm|memorize|p2grid|all] [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
which="${1:-all}"; runs="${2:-5}"
if [[ -z "${OPENBLAS_CORETYPE:-}" ]] && grep -qw avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SKYLAKEX; fi
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
(cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package) >&2
py=python3; [[ -x /usr/bin/python3 ]] && py=/usr/bin/python3  # Debian's torch lives in the system python
has_torch() { "$py" -c 'import torch' 2>/dev/null; }
machine() {
  echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
       "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median %.2f s (min %.2f, max %.2f, n=%d)\n", m, a[1], a[NR], NR}'; }

java_bench() {
  java -Xmx8g --add-modules jdk.incubator.vector -Dorg.bytedeco.javacpp.cachedir="$root/target/javacpp-cache" \
    -cp "$root/benchmarks/target/scalelab-benchmarks-0.1.0-SNAPSHOT.jar:$root/benchmarks/target/lib/*" "$@"
}

if [[ "$which" == p2grid ]]; then
  echo "== $(date -u +%FT%TZ) ScaleLab fused vs ND4J primitives (java), model-steps/s =="; machine
  java_bench dev.scalelab.bench.CpuFusedBench 16,64 1,8,64,512 2 100 64 "$runs" 2>/dev/null
  if has_torch; then
    echo "== PyTorch =="; machine
    "$py" "$root/benchmarks/pytorch_baseline.py" p2grid "$runs"
  fi
  exit 0
fi

if [[ "$which" != memorize ]]; then
  echo "== $(date -u +%FT%TZ) ScaleLab + DL4J (java) =="; machine
  java_bench dev.scalelab.bench.TrainingBench "$which" "$runs" ${THREADS:-} 2>/dev/null
  if has_torch; then
    echo "== PyTorch =="; machine
    "$py" "$root/benchmarks/pytorch_baseline.py" "$which" "$runs"
  else
    echo "PyTorch not installed (apt-get install -y python3-torch libopenblas0-pthread): baseline skipped"
  fi
fi

if [[ "$which" == memorize || "$which" == all ]]; then
  # Whole process, as a user runs it: ScaleLab and PyTorch alternate run by run so that both see the same load.
  (cd "$root" && ./scalelab --version >/dev/null)  # builds the launcher's jars once, outside the timing
  sl=(); pt=(); tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  echo "== $(date -u +%FT%TZ) memorize --seeds 100, whole process, $runs runs each, alternating =="; machine
  for i in $(seq "$runs"); do
    s=$( { /usr/bin/time -f %e "$root/scalelab" memorize --seeds 100 --plot "$tmp/m$i" >/dev/null 2>"$tmp/err"; } 2>&1; tail -1 "$tmp/err")
    sl+=("$s"); echo "scalelab run $i: $s s"
    if has_torch; then
      p=$( { /usr/bin/time -f %e "$py" "$root/benchmarks/memorize_pytorch.py" --seeds 100 >/dev/null 2>"$tmp/perr"; } 2>&1; tail -1 "$tmp/perr")
      pt+=("$p"); echo "pytorch  run $i: $p s"
    fi
  done
  echo "scalelab memorize: $(printf '%s\n' "${sl[@]}" | median)"
  [[ ${#pt[@]} -gt 0 ]] && echo "pytorch  memorize: $(printf '%s\n' "${pt[@]}" | median)"
  machine
fi
