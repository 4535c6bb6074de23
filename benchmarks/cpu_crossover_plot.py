#!/usr/bin/env python3
"""Throughput of the fused CPU kernels against the GEMM path (ND4J GEMMs + our passes) over width and K.

Usage: cpu_crossover_plot.py BENCH.csv OUT_PREFIX   (writes OUT_PREFIX.png and OUT_PREFIX.svg)
One panel per K: model-steps/s against hidden width, fused and GEMM path, log-log; the fused rule's width limit marked.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(path, prefix):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line)
    data = list(csv.DictReader(rows))
    ks = sorted({int(r["K"]) for r in data})
    fig, axes = plt.subplots(1, len(ks), figsize=(4.2 * len(ks), 4.2), sharey=True)
    if len(ks) == 1:
        axes = [axes]
    for ax, k in zip(axes, ks):
        sel = sorted((r for r in data if int(r["K"]) == k), key=lambda r: int(r["width"]))
        w = [int(r["width"]) for r in sel]
        ax.plot(w, [float(r["fused_model_steps_s"]) for r in sel], "o-", color="tab:blue", label="fused (engine.cpu)")
        gemm = "gemm_model_steps_s" if "gemm_model_steps_s" in sel[0] else "nd4j_model_steps_s"
        ax.plot(w, [float(r[gemm]) for r in sel], "s--", color="tab:orange",
                label="GEMM path (ND4J GEMMs + our passes)" if gemm.startswith("gemm") else "ND4J primitives")
        limit = 64 if k == 1 else 128
        ax.axvline(limit, color="grey", lw=0.8, ls=":", label=f"rule: fused up to W = {limit}")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_title(f"K = {k} models")
        ax.set_xlabel("hidden width W (64 → 2×W → 1, batch 100)")
        ax.grid(True, which="major", ls=":", lw=0.6)
    axes[0].set_ylabel("model-steps / s (median)")
    for ax in axes:
        ax.legend(loc="lower left", fontsize=7)
    fig.suptitle("Fused CPU pass vs the GEMM path: where the per-shape rule switches", fontsize=11)
    fig.tight_layout()
    fig.savefig(prefix + ".png", dpi=110)
    fig.savefig(prefix + ".svg")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
