"""P3 baseline: a PyTorch ensemble of K same-shape MLPs trained together on one GPU, in every mode a PyTorch user picks.

The workload of `scalelab bench backends`: K models d -> depth x width -> 1 (ReLU), MSE (mean per model),
Adam (lr 1e-3, torch.optim.Adam with foreach), full batch of `batch` examples per model, every model with its
own data. The ensemble is written with torch.baddbmm over [K, ...] weight tensors (the way HFTA and
torch.func ensembles batch models); summing the K per-model losses gives each model its own gradient.
Modes (--modes, default all six on a GPU, eager-fp32 on the CPU): eager or graph (the whole training step --
forward, backward and a capturable Adam step -- captured once as a CUDA graph and replayed, the recipe of
PyTorch's CUDA-graph docs), each with fp32 (TF32 off), tf32 (matmul TF32 on) or bf16 (torch.autocast bf16; FP32
weights and Adam state). Reports per mode and width steps/s, model-steps/s (K x steps/s), model-FLOP/s
(6 x params x batch x K x steps/s) and MFU against a TF32 and an FP32 GEMM rate measured here with torch.matmul,
and the best mode at each width. Timed regions are bracketed by torch.cuda.synchronize().

Usage: python3 p3_pytorch_ensemble.py [--models 64] [--widths 512,1024,2048] [--depth 4] [--batch 512]
                                      [--input 64] [--steps 50] [--warmup 10] [--modes eager-fp32,graph-bf16,...]
                                      [--device cuda] [--json]
"""
import argparse
import contextlib
import json
import time

import torch

MODES = ["eager-fp32", "eager-tf32", "eager-bf16", "graph-fp32", "graph-tf32", "graph-bf16"]


def set_tf32(on):
    """TF32 for FP32 matmuls (baddbmm included): "high" allows it, "highest" keeps full FP32."""
    torch.set_float32_matmul_precision("high" if on else "highest")


def gemm_rate(device, n, tf32):
    set_tf32(tf32)
    a = torch.randn(n, n, device=device)
    b = torch.randn(n, n, device=device)
    for _ in range(3):
        a @ b
    sync(device)
    best = float("inf")
    for _ in range(10):
        t = time.perf_counter()
        a @ b
        sync(device)
        best = min(best, time.perf_counter() - t)
    return 2 * n ** 3 / best


def sync(device):
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def ensemble(k, d, width, depth, device):
    sizes = [d] + [width] * depth + [1]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1 / fan_in ** 0.5
        w = torch.empty(k, fan_in, fan_out, device=device).uniform_(-bound, bound).requires_grad_()
        b = torch.empty(k, 1, fan_out, device=device).uniform_(-bound, bound).requires_grad_()
        params += [w, b]
    count = sum(i * o + o for i, o in zip(sizes[:-1], sizes[1:]))
    return params, count


def forward(params, x):
    h = x
    layers = len(params) // 2
    for layer in range(layers):
        w, b = params[2 * layer], params[2 * layer + 1]
        h = torch.baddbmm(b, h, w)
        if layer < layers - 1:
            h = torch.relu(h)
    return h


def measure(k, width, mode, args):
    """Model-steps/s of one mode ("eager-fp32" ... "graph-bf16") at one width."""
    capture, precision = mode.split("-")
    cuda = args.device.startswith("cuda")
    if capture == "graph" and not cuda:
        raise SystemExit(f"error: --modes {mode}: CUDA graphs need --device cuda")
    set_tf32(precision == "tf32")
    torch.manual_seed(1)
    params, count = ensemble(k, args.input, width, args.depth, args.device)
    opt = torch.optim.Adam(params, lr=1e-3, foreach=True, capturable=capture == "graph")
    x = torch.randn(k, args.batch, args.input, device=args.device)
    y = torch.randn(k, args.batch, 1, device=args.device)

    def autocast():
        if precision != "bf16":
            return contextlib.nullcontext()
        # A captured region must not use autocast's weight-cast cache (PyTorch's CUDA-graph docs).
        return torch.autocast("cuda" if cuda else "cpu", dtype=torch.bfloat16, cache_enabled=capture != "graph")

    def step():
        with autocast():
            out = forward(params, x)
        # Mean over each model's elements, summed over models: model k's gradient is that of its own MSE.
        loss = ((out.float() - y) ** 2).mean(dim=(1, 2)).sum()
        loss.backward()
        opt.step()
        return loss

    def eager_step():
        opt.zero_grad(set_to_none=True)
        step()

    run = eager_step
    if capture == "graph":
        # Warm up on a side stream (lazy state, cuBLAS workspaces), then record one whole step; a replay reruns
        # forward, backward and Adam on the same tensors (gradients are overwritten, not accumulated).
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(3):
                eager_step()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        opt.zero_grad(set_to_none=True)
        with torch.cuda.graph(graph):
            step()
        run = graph.replay

    for _ in range(args.warmup):
        run()
    sync(args.device)
    t = time.perf_counter()
    for _ in range(args.steps):
        run()
    sync(args.device)
    steps_per_s = args.steps / (time.perf_counter() - t)
    return {"mode": mode, "models": k, "width": width, "params": count, "steps_per_second": steps_per_s,
            "model_steps_per_second": k * steps_per_s,
            "model_flops_per_second": 6.0 * count * args.batch * k * steps_per_s}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", type=int, default=64)
    p.add_argument("--widths", default="512,1024,2048")
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--input", type=int, default=64)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--modes", default=None, help="comma-separated, from " + ", ".join(MODES)
                   + " (default: all on a GPU, eager-fp32 on the CPU)")
    p.add_argument("--device", default="cuda")
    p.add_argument("--peak-size", type=int, default=8192)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        raise SystemExit("error: --device cuda: torch.cuda.is_available() is False")

    modes = (args.modes or (",".join(MODES) if args.device.startswith("cuda") else "eager-fp32")).split(",")
    for m in modes:
        if m not in MODES:
            raise SystemExit(f"error: --modes: unknown mode '{m}' (expected one of {', '.join(MODES)})")
    fp32 = gemm_rate(args.device, args.peak_size, False)
    tf32 = gemm_rate(args.device, args.peak_size, True)
    rows = [measure(args.models, int(w), m, args) for w in args.widths.split(",") for m in modes]
    for r in rows:
        r["mfu_vs_tf32_gemm"] = r["model_flops_per_second"] / tf32
        r["mfu_vs_fp32_gemm"] = r["model_flops_per_second"] / fp32
    best = {}
    for r in rows:
        if r["width"] not in best or r["model_steps_per_second"] > best[r["width"]]["model_steps_per_second"]:
            best[r["width"]] = r
    device = torch.cuda.get_device_name() if args.device.startswith("cuda") else args.device
    doc = {"framework": f"pytorch {torch.__version__}", "device": device, "modes": modes,
           "gemm_fp32_flops": fp32, "gemm_tf32_flops": tf32, "depth": args.depth, "batch": args.batch,
           "input": args.input, "points": rows,
           "best": [{"width": w, "mode": r["mode"], "model_steps_per_second": r["model_steps_per_second"]}
                    for w, r in best.items()]}
    if args.json:
        print(json.dumps(doc, indent=2))
        return
    print(f"PyTorch {torch.__version__} on {device}; GEMM {args.peak_size}^3: FP32 {fp32 / 1e12:.1f} TFLOP/s, "
          f"TF32 {tf32 / 1e12:.1f} TFLOP/s")
    print(f"{'mode':>10} {'K':>5} {'width':>6} {'params':>10} {'steps/s':>9} {'model-steps/s':>14} {'TFLOP/s':>8} "
          f"{'MFU(TF32)':>9}")
    for r in rows:
        print(f"{r['mode']:>10} {r['models']:>5} {r['width']:>6} {r['params']:>10} {r['steps_per_second']:>9.2f} "
              f"{r['model_steps_per_second']:>14.1f} {r['model_flops_per_second'] / 1e12:>8.2f} "
              f"{100 * r['mfu_vs_tf32_gemm']:>8.1f}%")
    for w, r in best.items():
        print(f"best at width {w}: {r['mode']} ({r['model_steps_per_second']:.1f} model-steps/s)")


if __name__ == "__main__":
    main()
