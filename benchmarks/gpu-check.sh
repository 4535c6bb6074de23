#!/usr/bin/env bash
# One-call check of a GPU node with a ScaleLab bundle: needs only bash, coreutils (timeout, tar) and python3
# (with torch for the PyTorch side); no Java outside the bundle, no Maven, no network, no bc.
#
#   benchmarks/gpu-check.sh [--dry-run] [--out DIR] BUNDLE_DIR
#
# Steps, each time-boxed, the whole within 8.25 minutes (a step gets what is left of the budget at most):
#   1. doctor         scalelab doctor --json (the machine), then doctor --gpu-test --json (every primitive against
#                     the float64 reference, training, graphs, TF32/BF16, batched, out of memory); passes on exit 0
#   2. memorize       scalelab memorize --backend cuda --json, success counts per width against the CPU's,
#                     benchmarks/reference/memorize-cpu.json; passes when every width is within 1 success
#   3. compute-grid   scalelab sweep run configs/compute-grid.yaml --backend cuda, its table compared run by run
#                     (width, steps, seed) with benchmarks/reference/compute-grid-cpu.csv; passes when every run
#                     is there, the median relative difference of final_test_loss is <= 1e-3 and the worst <= 10 %
#   4. bench          scalelab bench backends (cuda, cuda-tf32, cuda-bf16) and benchmarks/p3_pytorch_ensemble.py
#                     (eager and whole-step CUDA graph, each FP32, TF32, bf16 autocast) on the same workload
#                     (K = 64, 64 -> 4 x W -> 1, batch 512, W = 512, 1024, 2048), one after the other in this
#                     call; a side-by-side table against PyTorch's best mode per width (measured, not judged)
#   5. memorize-1000  scalelab memorize --backend cuda --seeds 1000 --json: the seconds its training and its
#                     certificates took (issue 11's target: <= 3 s for the experiment on an H100/H200); passes on exit 0
#   6. tiny           the tiny-model workloads of issue 11 (64 -> 4 x W -> 1, batch 512): K = 1, W = 32 and
#                     K = 256, W = 32 and 128; scalelab bench backends (cuda, cuda-tf32) with the fused small-MLP
#                     kernels, again with SCALELAB_CUDA_FUSED=0 (cuda), and p3_pytorch_ensemble.py (eager and
#                     CUDA graph, FP32 and TF32) for K = 1 and K = 256; a table against the targets (K = 1:
#                     20,000 steps/s; K = 256: 2x PyTorch's best CUDA-graph mode), measured, not judged
#   7. bf16-memorize  memorize (N = 100) with 100 seeds on --backend cuda and on cuda-bf16 (BF16 product operands):
#                     passes when BF16's success count is within 2 of FP32's at every width
#   8. bf16-grid      the compute-grid sweep on cuda-bf16 against step 3's FP32 table: passes when every run's
#                     final_test_loss is within 3 % of FP32's
# Everything (logs, JSON, tables, summary) is packed into one file, gpu-check-<host>-<time>.tar.gz, in --out
# (default: $OUT when set, else the current directory). Exit 0 when every step passed, 1 otherwise, 2 on bad use.
#
# --dry-run: every step but the GPU ones, on the CPU, for checking this script where there is no GPU: doctor
# without --gpu-test; memorize (widths 10, 13, 17) and 8 runs of the compute grid (width 4, 8 x steps 100, 200)
# with --backend cpu, compared with the same widths and runs of the references; a small bench (--backends cpu,
# W = 32, 64, K = 4) beside PyTorch eager-fp32 on the CPU (skipped without torch); memorize at 20 seeds, 3 widths;
# the tiny step with --backends cpu, K = 1 and 4, W = 16 and 32 (its unfused run is the same CPU backend again:
# only the script is checked); steps 7-8 compare the CPU with itself (10 seeds; the dry grid), since the CPU
# has no BF16 mode: they check the plumbing, not BF16.
# BUNDLE_DIR may also be a source checkout: its ./scalelab launcher is used.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dry=0
out_dir="${OUT:-$PWD}"
bundle=""
budget="${GPU_CHECK_BUDGET:-495}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry=1; shift ;;
    --out) out_dir="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    -*) echo "error: gpu-check.sh: unknown option $1" >&2; exit 2 ;;
    *) bundle="$1"; shift ;;
  esac
done
[[ -n "$bundle" ]] || { echo "error: gpu-check.sh: give the bundle directory (see --help)" >&2; exit 2; }
if [[ -x "$bundle/bin/scalelab" ]]; then
  scalelab="$(cd "$bundle" && pwd)/bin/scalelab"
elif [[ -x "$bundle/scalelab" ]]; then
  scalelab="$(cd "$bundle" && pwd)/scalelab"
else
  echo "error: gpu-check.sh: no bin/scalelab (bundle) or scalelab (checkout) in $bundle" >&2; exit 2
fi
python="${PYTHON:-python3}"
command -v "$python" > /dev/null || { echo "error: gpu-check.sh: $python not found" >&2; exit 2; }
config="$root/configs/compute-grid.yaml"
[[ -f "$config" ]] || config="$bundle/configs/compute-grid.yaml"
reference="$here/reference"
for f in "$config" "$reference/memorize-cpu.json" "$reference/compute-grid-cpu.csv"; do
  [[ -f "$f" ]] || { echo "error: gpu-check.sh: $f is missing" >&2; exit 2; }
done
mkdir -p "$out_dir" || { echo "error: gpu-check.sh: cannot create --out $out_dir" >&2; exit 2; }

stamp="$(hostname)-$(date -u +%Y%m%dT%H%M%SZ)"
work="$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")"
name="gpu-check-$stamp"
dir="$work/$name"
mkdir -p "$dir"
summary="$dir/summary.tsv"
printf 'step\tresult\tseconds\tdetail\n' > "$summary"
start=$SECONDS
backend=cuda
fast_backend=cuda-bf16
fast_seeds=100
memorize_args=()
grid_args=()
subset=""
if [[ $dry == 1 ]]; then
  # On a 2-core CPU the full memorize and grid take minutes each: a few widths and runs, compared with the same
  # widths and runs of the references.
  backend=cpu
  fast_backend=cpu
  fast_seeds=10
  memorize_args=(--widths 10,13,17)
  grid_args=(-o width=4,8 -o steps=100,200)
  subset=subset
fi
# Kernels compiled for this check stay with it (and do not need a writable home).
export SCALELAB_CACHE="${SCALELAB_CACHE:-$work/cache}"

# boxed SECONDS LOG CMD...: runs CMD with its stdout in LOG and stderr in LOG.err, for at most SECONDS or what is
# left of the budget; returns the command's status (124 on timeout, 125 when no budget is left).
boxed() {
  local cap="$1" log="$2"; shift 2
  local left=$((budget - (SECONDS - start)))
  (( left < cap )) && cap=$left
  (( cap <= 0 )) && { echo "no time left in the ${budget} s budget" > "$log.err"; return 125; }
  timeout --kill-after=5 "$cap" "$@" > "$log" 2> "$log.err"
}

# record STEP STATUS SECONDS DETAIL
record() {
  local result="$2"
  [[ "$result" == 0 ]] && result=PASS
  [[ "$result" == 124 || "$result" == 137 ]] && result=TIMEOUT
  [[ "$result" == 125 ]] && result=NO-TIME
  [[ "$result" =~ ^[0-9]+$ ]] && result="FAIL($result)"
  printf '%s\t%s\t%s\t%s\n' "$1" "$result" "$3" "$4" >> "$summary"
  printf '%-13s %-10s %4ss  %s\n' "$1" "$result" "$3" "$4"
}

compare() { "$python" "$here/gpu_check_compare.py" "$@"; }

echo "gpu-check: $scalelab, backend $backend$([[ $dry == 1 ]] && echo " (dry run)"); results in $out_dir/$name.tar.gz"
(command -v nvidia-smi > /dev/null && timeout 10 nvidia-smi > "$dir/nvidia-smi.txt" 2>&1) || true

# 1. doctor
t=$SECONDS
boxed 30 "$dir/doctor.json" "$scalelab" doctor --json
rc=$?
if [[ $dry == 1 ]]; then
  record doctor "$rc" $((SECONDS - t)) "machine report only (dry run: no --gpu-test)"
else
  gpus=0
  [[ $rc == 0 ]] && gpus="$("$python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cuda"]["gpus"]))' \
      "$dir/doctor.json" 2> /dev/null || echo 0)"
  if [[ $rc == 0 && $gpus == 0 ]]; then
    rc=1
    record doctor "$rc" $((SECONDS - t)) "no GPU: $("$python" -c 'import json,sys; print("; ".join(json.load(open(sys.argv[1]))["cuda"]["problems"]))' "$dir/doctor.json" 2>&1)"
  elif [[ $rc != 0 ]]; then
    record doctor "$rc" $((SECONDS - t)) "$(tail -n 1 "$dir/doctor.json.err")"
  fi
  # Each GPU in a process of its own ($SCALELAB_CUDA_DEVICE selects it).
  for ((i = 0; i < gpus; i++)); do
    t=$SECONDS
    SCALELAB_CUDA_DEVICE=$i boxed 120 "$dir/doctor-gpu-test-$i.json" "$scalelab" doctor --gpu-test --json
    rc=$?
    record "doctor gpu $i" "$rc" $((SECONDS - t)) "$(compare doctor "$dir/doctor-gpu-test-$i.json" 2>&1 | tail -n 1)"
  done
fi

# 2. memorize
t=$SECONDS
boxed 100 "$dir/memorize.json" "$scalelab" memorize --backend "$backend" "${memorize_args[@]}" --json \
  --plot "$dir/memorize"
rc=$?
if [[ $rc == 0 ]]; then
  compare memorize "$dir/memorize.json" "$reference/memorize-cpu.json" $subset > "$dir/memorize-vs-cpu.txt" 2>&1
  rc=$?
fi
record memorize "$rc" $((SECONDS - t)) "$(tail -n 1 "$dir/memorize-vs-cpu.txt" 2>/dev/null || tail -n 1 "$dir/memorize.json.err")"

# 3. compute-grid
t=$SECONDS
boxed 150 "$dir/compute-grid-run.json" "$scalelab" sweep run "$config" "${grid_args[@]}" --out "$dir/compute-grid" \
  --backend "$backend" --json
rc=$?
if [[ $rc == 0 ]]; then
  boxed 30 "$dir/compute-grid.csv" "$scalelab" sweep table "$dir/compute-grid" --format csv
  rc=$?
fi
if [[ $rc == 0 ]]; then
  compare grid "$dir/compute-grid.csv" "$reference/compute-grid-cpu.csv" $subset > "$dir/compute-grid-vs-cpu.txt" 2>&1
  rc=$?
fi
record compute-grid "$rc" $((SECONDS - t)) "$(tail -n 1 "$dir/compute-grid-vs-cpu.txt" 2>/dev/null || tail -n 1 "$dir/compute-grid-run.json.err")"

# 4. bench: ScaleLab's backends, then PyTorch's modes, on the same workload in this call
t=$SECONDS
if [[ $dry == 1 ]]; then
  bench_args=(--backends cpu --models 4 --widths 32,64 --steps 3 --warmup 1 --peak-size 256)
  torch_args=(--device cpu --modes eager-fp32 --models 4 --widths 32,64 --steps 3 --warmup 1 --peak-size 256)
else
  bench_args=(--backends cuda,cuda-tf32,cuda-bf16 --models 64 --widths 512,1024,2048 --steps 30 --warmup 5)
  torch_args=(--models 64 --widths 512,1024,2048 --steps 30 --warmup 5)
fi
boxed 90 "$dir/bench-scalelab.json" "$scalelab" bench backends "${bench_args[@]}" --depth 4 --batch 512 --input 64 \
  --out "$dir/bench" --json
rc=$?
if "$python" -c "import torch" 2> /dev/null; then
  boxed 120 "$dir/bench-pytorch.json" "$python" "$here/p3_pytorch_ensemble.py" "${torch_args[@]}" --depth 4 \
    --batch 512 --input 64 --json
  trc=$?
else
  echo "python3 has no torch" > "$dir/bench-pytorch.json.err"
  trc=skipped
fi
if [[ $rc == 0 ]]; then
  compare bench "$dir/bench-scalelab.json" "$dir/bench-pytorch.json" > "$dir/bench-side-by-side.txt" 2>&1
  rc=$?
fi
detail="$(tail -n 1 "$dir/bench-side-by-side.txt" 2>/dev/null)"
[[ "$trc" != 0 ]] && detail="PyTorch: $( [[ $trc == skipped ]] && echo 'skipped, no torch' || echo "exit $trc") ($(tail -n 1 "$dir/bench-pytorch.json.err" 2>/dev/null)); $detail"
record bench "$rc" $((SECONDS - t)) "$detail"

# 5. memorize at 1,000 seeds: how long training and the certificates (FP64, batched on the device) take
t=$SECONDS
seeds_args=(--seeds 1000)
[[ $dry == 1 ]] && seeds_args=(--seeds 20 --widths 10,13,17)
boxed 90 "$dir/memorize-1000.json" "$scalelab" memorize --backend "$backend" "${seeds_args[@]}" --json \
  --plot "$dir/memorize-1000"
rc=$?
detail="$(tail -n 1 "$dir/memorize-1000.json.err")"
if [[ $rc == 0 ]]; then
  detail="$("$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%d seeds x %d widths: training %.2f s, certificates %.2f s" % (d["seeds"], len(d["widths"]), d["training_seconds"], d["certificate_seconds"]))' "$dir/memorize-1000.json" 2>&1)"
  rc=$?
fi
record memorize-1000 "$rc" $((SECONDS - t)) "$detail (wall $((SECONDS - t)) s with JVM start and plot)"

# 6. tiny models: fused kernels, the same without them, and PyTorch, on the issue-11 workloads in this call
t=$SECONDS
if [[ $dry == 1 ]]; then
  tiny_common=(--steps 3 --warmup 1 --peak-size 256)
  tiny_fused=(--backends cpu --models 1,4 --widths 16,32)
  tiny_unfused=(--backends cpu --models 1,4 --widths 16,32)
  tiny_torch_1=(--device cpu --modes eager-fp32 --models 1 --widths 16,32)
  tiny_torch_k=(--device cpu --modes eager-fp32 --models 4 --widths 16,32)
else
  tiny_common=(--steps 200 --warmup 20)
  tiny_fused=(--backends cuda,cuda-tf32 --models 1,256 --widths 32,128)
  tiny_unfused=(--backends cuda --models 1,256 --widths 32,128)
  tiny_torch_1=(--modes eager-fp32,graph-fp32,graph-tf32 --models 1 --widths 32)
  tiny_torch_k=(--modes eager-fp32,graph-fp32,graph-tf32 --models 256 --widths 32,128)
fi
tiny_shape=(--depth 4 --batch 512 --input 64)
boxed 60 "$dir/tiny-scalelab-fused.json" "$scalelab" bench backends "${tiny_fused[@]}" "${tiny_common[@]}" \
  "${tiny_shape[@]}" --out "$dir/tiny-fused" --json
rc=$?
SCALELAB_CUDA_FUSED=0 boxed 60 "$dir/tiny-scalelab-unfused.json" "$scalelab" bench backends "${tiny_unfused[@]}" \
  "${tiny_common[@]}" "${tiny_shape[@]}" --out "$dir/tiny-unfused" --json
urc=$?
[[ $rc == 0 ]] && rc=$urc
if "$python" -c "import torch" 2> /dev/null; then
  boxed 45 "$dir/tiny-pytorch-k1.json" "$python" "$here/p3_pytorch_ensemble.py" "${tiny_torch_1[@]}" \
    "${tiny_common[@]}" "${tiny_shape[@]}" --json
  trc=$?
  boxed 60 "$dir/tiny-pytorch-k256.json" "$python" "$here/p3_pytorch_ensemble.py" "${tiny_torch_k[@]}" \
    "${tiny_common[@]}" "${tiny_shape[@]}" --json
  [[ $trc == 0 ]] && trc=$?
else
  echo "python3 has no torch" > "$dir/tiny-pytorch-k1.json.err"
  trc=skipped
fi
if [[ $rc == 0 ]]; then
  compare tiny "$dir/tiny-scalelab-fused.json" "$dir/tiny-scalelab-unfused.json" "$dir/tiny-pytorch-k1.json" \
    "$dir/tiny-pytorch-k256.json" > "$dir/tiny-side-by-side.txt" 2>&1
  rc=$?
fi
detail="$(tail -n 1 "$dir/tiny-side-by-side.txt" 2>/dev/null)"
[[ "$trc" != 0 ]] && detail="PyTorch: $( [[ $trc == skipped ]] && echo 'skipped, no torch' || echo "exit $trc"); $detail"
record tiny "$rc" $((SECONDS - t)) "$detail"

# 7. bf16-memorize: BF16 against FP32, the same 100 seeds, both in this call
t=$SECONDS
boxed 60 "$dir/memorize-fp32-seeds.json" "$scalelab" memorize --backend "$backend" --seeds "$fast_seeds" \
  "${memorize_args[@]}" --json
rc=$?
if [[ $rc == 0 ]]; then
  boxed 60 "$dir/memorize-bf16.json" "$scalelab" memorize --backend "$fast_backend" --seeds "$fast_seeds" \
    "${memorize_args[@]}" --json
  rc=$?
fi
if [[ $rc == 0 ]]; then
  compare memorize-vs "$dir/memorize-bf16.json" "$dir/memorize-fp32-seeds.json" 2 > "$dir/memorize-bf16-vs-fp32.txt" 2>&1
  rc=$?
fi
record bf16-memorize "$rc" $((SECONDS - t)) "$(tail -n 1 "$dir/memorize-bf16-vs-fp32.txt" 2>/dev/null || tail -n 1 "$dir/memorize-bf16.json.err" 2>/dev/null || tail -n 1 "$dir/memorize-fp32-seeds.json.err")"

# 8. bf16-grid: the compute grid on BF16 against step 3's FP32 table
t=$SECONDS
if [[ -f "$dir/compute-grid.csv" ]]; then
  boxed 150 "$dir/compute-grid-bf16-run.json" "$scalelab" sweep run "$config" "${grid_args[@]}" \
    --out "$dir/compute-grid-bf16" --backend "$fast_backend" --json
  rc=$?
  if [[ $rc == 0 ]]; then
    boxed 30 "$dir/compute-grid-bf16.csv" "$scalelab" sweep table "$dir/compute-grid-bf16" --format csv
    rc=$?
  fi
  if [[ $rc == 0 ]]; then
    compare grid-vs "$dir/compute-grid-bf16.csv" "$dir/compute-grid.csv" 0.03 > "$dir/compute-grid-bf16-vs-fp32.txt" 2>&1
    rc=$?
  fi
  detail="$(tail -n 1 "$dir/compute-grid-bf16-vs-fp32.txt" 2>/dev/null || tail -n 1 "$dir/compute-grid-bf16-run.json.err")"
else
  rc=1
  detail="no FP32 table from step 3 to compare with"
fi
record bf16-grid "$rc" $((SECONDS - t)) "$detail"

total=$((SECONDS - start))
echo "total: ${total} s (budget ${budget} s)" | tee -a "$dir/summary.txt"
cat "$summary" >> "$dir/summary.txt"
for f in "$dir/memorize-vs-cpu.txt" "$dir/compute-grid-vs-cpu.txt" "$dir/bench-side-by-side.txt" \
    "$dir/tiny-side-by-side.txt" "$dir/memorize-bf16-vs-fp32.txt" \
    "$dir/compute-grid-bf16-vs-fp32.txt"; do
  [[ -f "$f" ]] && { echo; echo "== $(basename "$f")"; cat "$f"; } | tee -a "$dir/summary.txt"
done
status=0
cut -f2 "$summary" | tail -n +2 | grep -qv '^PASS$' && status=1
tar -czf "$out_dir/$name.tar.gz" -C "$work" "$name" && echo "packed: $out_dir/$name.tar.gz"
rm -rf "$work"
exit $status
