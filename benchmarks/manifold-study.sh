#!/usr/bin/env bash
# The reduced data-manifold study of docs/theory.md §5, step by step; every step is a resumable sweep, so running
# this again after a kill goes on where it stopped. Times of each step go to runs/manifold-study-times.txt.
#   bash benchmarks/manifold-study.sh [SCALELAB] [LR]
# LR: the rate the scan chose (docs/theory.md §5 gives the rule); 0.01 on 2026-12-06.
set -euo pipefail
scalelab="${1:-./scalelab}"
lr="${2:-0.01}"
times=runs/manifold-study-times.txt
mkdir -p runs
step() {
  local name="$1"; shift
  local t0; t0=$(date +%s)
  "$@"
  echo "$name $(( $(date +%s) - t0 )) s, ended $(date -u +%FT%TZ)" | tee -a "$times"
}
step lr-scan "$scalelab" sweep run configs/manifold-lr-scan.yaml --out runs/manifold-lr-scan
step scaling "$scalelab" sweep run configs/manifold-scaling.yaml -o lr="$lr" --out runs/manifold-scaling
step convergence "$scalelab" sweep run configs/manifold-convergence.yaml -o lr="$lr" --out runs/manifold-convergence
step intrinsic-dim bash -c "'$scalelab' intrinsic-dim --d 2,4,8,16 --points 10000 > docs/theory/manifold-intrinsic-dim.md"
step analysis /usr/bin/python3 benchmarks/manifold_study.py "$scalelab"
