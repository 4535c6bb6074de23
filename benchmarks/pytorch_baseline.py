"""PyTorch CPU baselines for P1 and P2, float32, same shapes and optimizer as TrainingBench.

P1: one MLP 64 -> 4x1024 -> 1, batch 1024, Adam, MSE.
P2: 64 tiny MLPs 64 -> 2x16 -> 1, batch 100, as one ensemble written with torch.baddbmm, Adam.
Usage: python3 pytorch_baseline.py [p1|p2|all] [runs]
"""
import os
import statistics
import sys
import time

import torch

torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", os.cpu_count())))


def measure(warmups, runs, fn):
    for _ in range(warmups):
        fn()
    rates = sorted(fn() for _ in range(runs))
    return rates


def describe(r):
    return f"median {statistics.median(r):.2f} (min {r[0]:.2f}, max {r[-1]:.2f}, n={len(r)})"


def p1(runs):
    torch.manual_seed(1)
    layers = [torch.nn.Linear(64, 1024), torch.nn.ReLU()]
    for _ in range(3):
        layers += [torch.nn.Linear(1024, 1024), torch.nn.ReLU()]
    layers += [torch.nn.Linear(1024, 1)]
    model = torch.nn.Sequential(*layers)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.randn(1024, 64), torch.randn(1024, 1)
    loss_fn = torch.nn.MSELoss()
    steps = 15

    def run():
        t = time.perf_counter()
        for _ in range(steps):
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        return steps / (time.perf_counter() - t)

    r = measure(1, runs, run)
    print(f"P1 PyTorch {torch.__version__} steps/s: {describe(r)} -> "
          f"{statistics.median(r) * 6 * params * 1024 / 1e9:.1f} GFLOP/s")


def p2(runs):
    p2_at(runs, 64, 16, 400)


def p2_grid(runs):
    """P2's shape (64 -> 2 x W -> 1, batch 100, Adam) at K = 1, 8, 64, 512 and W = 16, 64."""
    for width in (16, 64):
        for k in (1, 8, 64, 512):
            p2_at(runs, k, width, max(20, 25600 // (k * width // 16)))


def p2_at(runs, k, width, steps):
    torch.manual_seed(1)
    b, sizes = 100, [64, width, width, 1]
    ws, bs = [], []
    for i, o in zip(sizes[:-1], sizes[1:]):
        bound = 1 / i ** 0.5
        ws.append(((torch.rand(k, i, o) * 2 - 1) * bound).requires_grad_())
        bs.append(((torch.rand(k, 1, o) * 2 - 1) * bound).requires_grad_())
    opt = torch.optim.Adam(ws + bs, lr=1e-3)
    x, y = torch.randn(k, b, 64), torch.randn(k, b, 1)

    def forward():
        h = x
        for i, (w, bias) in enumerate(zip(ws, bs)):
            h = torch.baddbmm(bias, h, w)
            if i < len(ws) - 1:
                h = torch.relu(h)
        return h

    def run():
        t = time.perf_counter()
        for _ in range(steps):
            opt.zero_grad()
            # mean over each model's elements, summed over models: each model gets its own MSE gradient
            loss = ((forward() - y) ** 2).mean(dim=(1, 2)).sum()
            loss.backward()
            opt.step()
        return steps / (time.perf_counter() - t)

    r = measure(1, runs, run)
    print(f"P2 PyTorch {torch.__version__} ensemble (baddbmm) K={k} W={width}: ensemble steps/s {describe(r)} = "
          f"{statistics.median(r) * k:.0f} model-steps/s")


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    print(f"torch threads: {torch.get_num_threads()}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}")
    if which in ("p1", "all"):
        p1(runs)
    if which in ("p2", "all"):
        p2(runs)
    if which == "p2grid":
        p2_grid(runs)
