"""`scalelab memorize` written as a PyTorch user would: the same experiment, for the whole-process comparison.

For each hidden width H, all seeds train together as one ensemble of K = seeds two-layer ReLU networks
d -> H -> 1 (torch.baddbmm over [K, ...] weights, torch's default init), full batch, torch.optim.Adam at lr, at most
`steps` steps; model k succeeds at the first step whose training MSE (mean over its N points, checked every step,
before the update) is below `target`; a model that succeeded is frozen (its gradients zeroed; Adam's moments still
move it, which no longer matters) and the loop ends when every model has succeeded. Then the random-feature
certificate of Theorem 2.1 in float64 for every seed at once: Phi = relu(X W + b) with (W, b) ~ N(0, I),
a = pinv(Phi) y (batched SVD), rank(Phi) and ||Phi a - y|| / ||y||.
Data: x ~ N(0, I_d), y ~ N(0, 1) per seed from torch's generator (not ScaleLab's: success counts are comparable
in distribution, not seed by seed).

Usage: python3 memorize_pytorch.py [--seeds 10] [--n 100] [--d 10] [--steps 1000] [--target 1e-4] [--lr 0.01]
       [--widths 2,3,4,...]
"""
import argparse
import os
import time

import torch

WIDTHS = "2,3,4,6,8,10,13,17,20,25,35,50,75,100,125,150"


def main():
    start = time.perf_counter()
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--d", type=int, default=10)
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--target", type=float, default=1e-4)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--widths", default=WIDTHS)
    a = p.parse_args()
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", os.cpu_count())))
    widths = [int(w) for w in a.widths.split(",")]
    k, n, d = a.seeds, a.n, a.d
    g = torch.Generator().manual_seed(0)
    x = torch.randn(k, n, d, generator=g)
    y = torch.randn(k, n, 1, generator=g)
    print(f"{'H':>6} {'params':>8} | {'trained':>8} {'median steps':>12} | {'min rank':>8} {'exact':>6} "
          f"{'median residual':>15} | {'train s':>8} {'certs s':>8}")
    train_total = cert_total = 0.0
    for h in widths:
        t0 = time.perf_counter()
        bound1, bound2 = 1 / d ** 0.5, 1 / h ** 0.5
        w1 = ((torch.rand(k, d, h, generator=g) * 2 - 1) * bound1).requires_grad_()
        b1 = ((torch.rand(k, 1, h, generator=g) * 2 - 1) * bound1).requires_grad_()
        w2 = ((torch.rand(k, h, 1, generator=g) * 2 - 1) * bound2).requires_grad_()
        b2 = ((torch.rand(k, 1, 1, generator=g) * 2 - 1) * bound2).requires_grad_()
        params = [w1, b1, w2, b2]
        opt = torch.optim.Adam(params, lr=a.lr)
        done = torch.zeros(k, dtype=torch.bool)
        steps_to = torch.full((k,), -1)
        for step in range(1, a.steps + 1):
            opt.zero_grad(set_to_none=False)
            out = torch.baddbmm(b2, torch.relu(torch.baddbmm(b1, x, w1)), w2)
            losses = ((out - y) ** 2).mean(dim=(1, 2))
            hit = (losses.detach() < a.target) & ~done
            steps_to[hit] = step
            done |= hit
            if bool(done.all()):
                break
            losses.sum().backward()
            frozen = done.view(k, 1, 1)
            for q in params:
                q.grad.masked_fill_(frozen, 0.0)
            opt.step()
        t1 = time.perf_counter()
        wf = torch.randn(k, d, h, generator=g, dtype=torch.float64)
        bf = torch.randn(k, 1, h, generator=g, dtype=torch.float64)
        phi = torch.relu(torch.baddbmm(bf, x.double(), wf))
        coef = torch.linalg.pinv(phi) @ y.double()
        rank = torch.linalg.matrix_rank(phi)
        resid = torch.linalg.vector_norm(phi @ coef - y.double(), dim=(1, 2)) / torch.linalg.vector_norm(
            y.double(), dim=(1, 2))
        t2 = time.perf_counter()
        train_total += t1 - t0
        cert_total += t2 - t1
        ok = int(done.sum())
        med = int(steps_to[done].median()) if ok else -1
        exact = int((resid <= 1e-6).sum())
        print(f"{h:>6} {(d + 2) * h + 1:>8} | {ok:>4}/{k:<3} {med if ok else '-':>12} | {int(rank.min()):>8} "
              f"{exact:>3}/{k:<3} {float(resid.median()):>15.2e} | {t1 - t0:>8.2f} {t2 - t1:>8.2f}")
    print(f"time: training {train_total:.2f} s, certificates {cert_total:.2f} s, whole script "
          f"{time.perf_counter() - start:.2f} s (torch {torch.__version__}, {torch.get_num_threads()} threads)")


if __name__ == "__main__":
    main()
