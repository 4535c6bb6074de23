#!/usr/bin/env bash
# Large-sweep benchmark (issue 15): RUNS tiny runs (4 widths x RUNS/4 seeds, 5 steps each) through `scalelab sweep
# run` with a 256 MB heap, sampling the JVM's open files (/proc/PID/fd) and reading its heap peaks from the GC log;
# then times `sweep status` and `sweep table` on the result. Not a test: it prints numbers for benchmarks/RESULTS.md.
# Usage: benchmarks/sweep-scale.sh RUNS [WORKERS=2] [OUT=benchmarks/target/sweep-scale-RUNS]
# STATUS_ONLY=1 only times status and table on an existing OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:?usage: benchmarks/sweep-scale.sh RUNS [WORKERS] [OUT]}
WORKERS=${2:-2}
OUT=${3:-benchmarks/target/sweep-scale-$RUNS}
SEEDS=$(( (RUNS + 3) / 4 ))

elapsed() { echo "$(date +%s.%N) - $1" | bc; }

run_sweep() {
  rm -rf "$OUT"
  mkdir -p "$OUT"
  ulimit -n 1024 # what many systems give a user; the sweep must stay far below it
  ./scalelab --version >/dev/null 2>&1 || true # builds the CLI first when sources changed, outside the timing
  {
    echo "name: scale-$RUNS"
    echo "parameters:"
    echo "  width: {values: [2, 3, 4, 5]}"
    printf '  seed: {values: [%s]}\n' "$(seq -s ', ' 1 "$SEEDS")"
    echo "task: {kind: random_regression, n: 8, d: 2, test_size: 4}"
    echo "train: {steps: 5, log_every: 5, lr: 0.01}"
  } > "$OUT/config.yaml"
  echo "sweep: $((SEEDS * 4)) runs, $WORKERS workers, -Xmx256m, ulimit -n $(ulimit -n)"
  local start pid="" fd_peak=0 n rc=0 launcher
  start=$(date +%s.%N)
  SCALELAB_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$OUT/gc.log" ./scalelab sweep run "$OUT/config.yaml" \
    --out "$OUT/sweep" --workers "$WORKERS" --json > "$OUT/result.json" 2> "$OUT/progress.log" &
  launcher=$!
  while kill -0 "$launcher" 2>/dev/null; do
    # The launcher execs java, which keeps its pid.
    if [[ -z "$pid" && "$(readlink "/proc/$launcher/exe" 2>/dev/null)" == */java ]]; then
      pid=$launcher
    fi
    if [[ -n "$pid" ]]; then
      n=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l || echo 0)
      (( n > fd_peak )) && fd_peak=$n
    fi
    sleep 0.2
  done
  wait "$launcher" || rc=$?
  local wall heap live
  wall=$(elapsed "$start")
  heap=$(grep -o '[0-9]*M->[0-9]*M' "$OUT/gc.log" | cut -dM -f1 | sort -n | tail -1 || true)
  # After a young or full collection (remark and cleanup pauses free nothing and would overstate it).
  live=$(grep -E 'Pause (Young|Full)' "$OUT/gc.log" | grep -o '[0-9]*M->[0-9]*M' | cut -d'>' -f2 | tr -d M \
    | sort -n | tail -1 || true)
  echo "sweep run: exit $rc, wall $wall s, open files peak $fd_peak (sampled every 0.2 s)," \
    "heap peak ${heap:-?} MB before a GC, ${live:-?} MB after a young or full one (limit 256)"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("counts", r["counts"], "- sweep wall_seconds",
      round(r["wall_seconds"], 1))' "$OUT/result.json" || true
}

echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores;" \
  "load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
if [[ "${STATUS_ONLY:-0}" != 1 ]]; then
  run_sweep
fi
t0=$(date +%s.%N)
./scalelab sweep status "$OUT/sweep" > "$OUT/status.txt"
echo "sweep status: $(elapsed "$t0") s: $(head -1 "$OUT/status.txt")"
t0=$(date +%s.%N)
./scalelab sweep table "$OUT/sweep" --format csv > "$OUT/table.csv"
echo "sweep table: $(elapsed "$t0") s, $(( $(wc -l < "$OUT/table.csv") - 1 )) rows"
