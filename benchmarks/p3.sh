#!/usr/bin/env bash
# P3 on a GPU node: ScaleLab's CUDA backend vs a PyTorch ensemble, same workload, side by side.
# Workload: K = 64 MLPs 64 -> 4 x width -> 1, ReLU, MSE, Adam, full batch 512, widths 512/1024/2048.
# Targets (issue 6): ScaleLab >= 2x PyTorch model-steps/s, and >= 50% of the TF32 GEMM rate.
#
# Usage (on the GPU machine, from the repository root or an unpacked bundle next to it):
#   benchmarks/p3.sh [models] [widths]            e.g. benchmarks/p3.sh 64 512,1024,2048
# Needs: bundle/bin/scalelab (mvn -Pdist -DskipTests package, or docker/build-bundle.sh, built elsewhere and
# copied over; the GPU machine has no Java) and python3 with torch + CUDA. Writes
# benchmarks/results/p3-<host>-<date>.{scalelab,pytorch,pytorch-tf32}.json and prints the comparison.
# Not run in the session that wrote it (no GPU there).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
models="${1:-64}"; widths="${2:-512,1024,2048}"
stamp="$(hostname)-$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/benchmarks/results"; mkdir -p "$results"
scalelab="${SCALELAB:-$root/bundle/bin/scalelab}"
[[ -x "$scalelab" ]] || { echo "p3.sh: $scalelab not found; build the bundle first (docs/cuda.md)" >&2; exit 2; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader || true

echo "== ScaleLab (cuda: FP32 GEMM; cuda-tf32: TF32 tensor cores) =="
"$scalelab" bench backends --backends cuda,cuda-tf32 --models "$models" --widths "$widths" --depth 4 \
  --batch 512 --input 64 --steps 50 --warmup 10 --out "$results/p3-$stamp-plot" --json \
  > "$results/p3-$stamp.scalelab.json"

echo "== PyTorch ensemble (eager, torch.baddbmm, Adam foreach) =="
"${PYTHON:-python3}" "$root/benchmarks/p3_pytorch_ensemble.py" --models "$models" --widths "$widths" --modes eager-fp32 --json \
  > "$results/p3-$stamp.pytorch.json"
"${PYTHON:-python3}" "$root/benchmarks/p3_pytorch_ensemble.py" --models "$models" --widths "$widths" --modes eager-tf32 --json \
  > "$results/p3-$stamp.pytorch-tf32.json"

"${PYTHON:-python3}" - "$results/p3-$stamp" <<'PY'
import json, sys
base = sys.argv[1]
sl = json.load(open(base + ".scalelab.json"))
pts = {(p["backend"], p["width"]): p for p in sl["points"]}
print(f"ScaleLab on {sl['devices']}; measured GEMM peaks (FLOP/s): {sl['gemm_peak_flops']}")
for label, suffix, backend in (("FP32", ".pytorch.json", "cuda"), ("TF32", ".pytorch-tf32.json", "cuda-tf32")):
    pt = json.load(open(base + suffix))
    print(f"\n{label}: ScaleLab {backend} vs {pt['framework']} on {pt['device']} "
          f"(PyTorch-measured TF32 GEMM {pt['gemm_tf32_flops'] / 1e12:.1f} TFLOP/s)")
    print(f"{'width':>6} {'ScaleLab model-steps/s':>23} {'PyTorch':>10} {'ratio':>6} {'ScaleLab % of TF32 GEMM':>24}")
    for r in pt["points"]:
        s = pts.get((backend, r["width"]))
        if s is None:
            continue
        ratio = s["model_steps_per_second"] / r["model_steps_per_second"]
        frac = s["model_flops_per_second"] / pt["gemm_tf32_flops"]
        print(f"{r['width']:>6} {s['model_steps_per_second']:>23.1f} {r['model_steps_per_second']:>10.1f} "
              f"{ratio:>5.2f}x {100 * frac:>23.1f}%")
print("\ntargets: ratio >= 2.00x; >= 50% of the TF32 GEMM rate")
PY
