#!/usr/bin/env python3
"""Derived tables and plots for issue 22 (docs/theory.md §1-§4), from `scalelab sweep table` CSVs.

Usage: python3 docs/theory/t22_analyze.py <experiment> [args]   (see main()).
Best-lr rule (ISSUE22-NOTES.md): per (architecture/shape, size) the rate with the lowest median final test MSE
over the seeds. Slopes: least squares of log y on log x over every run (best lr), 95% t-interval.
"""
import csv, math, subprocess, sys, collections, statistics as st
import numpy as np
from scipy import stats
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

OUT = "docs/theory"


def table(run_dir, cols):
    txt = subprocess.run([__import__("os").environ.get("SCALELAB", "./scalelab"), "sweep", "table", run_dir, "--format", "csv", "--columns", ",".join(cols)],
                         check=True, capture_output=True, text=True).stdout
    rows = list(csv.reader(txt.splitlines()))
    head = rows[0]
    return [dict(zip(cols, r)) for r in rows[1:]], head


def slope(x, y):
    """least-squares slope of log y on log x, 95% t-interval."""
    lx, ly = np.log(np.asarray(x, float)), np.log(np.asarray(y, float))
    r = stats.linregress(lx, ly)
    n = len(lx)
    t = stats.t.ppf(0.975, n - 2)
    return r.slope, r.slope - t * r.stderr, r.slope + t * r.stderr, n


def save(fig, name):
    fig.tight_layout()
    fig.savefig(f"{OUT}/{name}.png", dpi=110)
    fig.savefig(f"{OUT}/{name}.svg")
    plt.close(fig)


def g(v):
    return f"{v:.3g}" if v is not None else "–"


# ---------------------------------------------------------------- 1. Telgarsky
def best_rate_per_width(rows):
    """The rule of ISSUE22-NOTES.md: per width, the rate with the lowest median final test MSE over the seeds.
    Returns ({width: (median, lr, runs)}, {(width, lr): runs})."""
    by = collections.defaultdict(list)
    for r in rows:
        by[(int(r["width"]), float(r["lr"]))].append(r)
    best = {}
    for (w, lr), q in by.items():
        m = st.median(float(r["final_test_loss"]) for r in q)
        if w not in best or m < best[w][0]:
            best[w] = (m, lr, q)
    return best, by


def tent_bound(k, m):  # core/theory/ShallowTentBound.squaredL2
    return max(0.0, 2 ** (k - 1) - m) / (6 * 2 ** k)


def tent_width(k, eps):  # ShallowTentBound.widthFor
    return max(0, math.ceil(2 ** (k - 1) - 6 * 2 ** k * eps))


def telgarsky(run_dir, prefix="t22-telgarsky", target=1e-4):
    cols = ["config.task.order", "width", "lr", "seed", "steps", "final_train_loss", "final_test_loss", "pieces"]
    rows, _ = table(run_dir, cols)
    by = collections.defaultdict(list)
    for r in rows:
        by[(int(r["config.task.order"]), int(r["width"]), float(r["lr"]))].append(r)
    best = {}
    for (k, w, lr), rs in by.items():
        med = st.median(float(r["final_test_loss"]) for r in rs)
        if (k, w) not in best or med < best[(k, w)][0] or (med == best[(k, w)][0] and lr > best[(k, w)][1]):
            best[(k, w)] = (med, lr, rs)
    ks = sorted({k for k, _ in best})
    ws = sorted({w for _, w in best})
    lines = ["| k | width | best lr | test MSE median [min, max] over seeds | seeds at train MSE ≤ 1e-4 | "
             "pieces (median) | lower bound on MSE (ShallowTentBound) |", "|---|---|---|---|---|---|---|"]
    for k in ks:
        for w in ws:
            if (k, w) not in best:
                continue
            med, lr, rs = best[(k, w)]
            te = sorted(float(r["final_test_loss"]) for r in rs)
            reached = sum(float(r["final_train_loss"]) <= target * 1.0001 for r in rs)
            pcs = [int(r["pieces"]) for r in rs if r["pieces"] not in ("", "null")]
            lines.append(f"| {k} | {w} | {lr:g} | {g(med)} [{g(te[0])}, {g(te[-1])}] | {reached}/{len(rs)} | "
                         f"{st.median(pcs) if pcs else '–'} | {g(tent_bound(k, w))} |")
    # smallest width reaching eps (median of the best lr; and 'any seed' at any lr)
    sm = ["| k | ε | smallest width, median seed (best lr) | smallest width, any run | lower bound (ShallowTentBound.widthFor) | representable exactly from (2^k) |",
          "|---|---|---|---|---|---|"]
    need = {}
    for k in ks:
        wk = sorted(w for kk, w in best if kk == k)
        for eps in (1e-2, 1e-3, 1.1e-4):
            wm = next((w for w in wk if best[(k, w)][0] <= eps), None)
            wa = next((w for w in wk if any(float(r["final_test_loss"]) <= eps
                                              for (kk, ww, _), rs in by.items() if kk == k and ww == w
                                              for r in rs)), None)
            need[(k, eps)] = (wm, wa, wk[-1])
            sm.append(f"| {k} | {eps:.0e}{' (target)' if eps < 1e-3 else ''} | {wm if wm else '> ' + str(wk[-1])} | "
                      f"{wa if wa else '> ' + str(wk[-1])} | {tent_width(k, min(eps, 1e-4) if eps < 1e-3 else eps)} | {2 ** k} |")
    # plot: best test MSE vs width, per k, with bound
    fig, ax = plt.subplots(figsize=(10.5, 5))
    cmap = plt.get_cmap("viridis")
    for i, k in enumerate(ks):
        c = cmap(i / max(1, len(ks) - 1))
        xs = [w for w in ws if (k, w) in best]
        med = [best[(k, w)][0] for w in xs]
        lo = [min(float(r["final_test_loss"]) for r in best[(k, w)][2]) for w in xs]
        hi = [max(float(r["final_test_loss"]) for r in best[(k, w)][2]) for w in xs]
        ax.plot(xs, med, "o-", color=c, label=f"k = {k} trained (median, best lr)")
        ax.fill_between(xs, lo, hi, color=c, alpha=0.15)
        bx = np.arange(1, max(ws) + 1)
        by_ = [max(tent_bound(k, m), 1e-9) for m in bx]
        ax.plot(bx, by_, "--", color=c, lw=1)
    ax.axhline(1 / 12, color="grey", lw=0.8, ls=":")
    ax.text(ws[0], 1 / 12 * 1.15, "1/12 = best constant", fontsize=8, color="grey")
    ax.axhline(target, color="red", lw=0.8, ls=":")
    ax.text(ws[0], target * 1.15, "target 1e-4", fontsize=8, color="red")
    ax.set_xscale("log", base=2); ax.set_yscale("log"); ax.set_ylim(1e-5, 0.2)
    ax.set_xlabel("hidden width m (one hidden ReLU layer)"); ax.set_ylabel("test MSE on Δ^k (4,097-point grid)")
    ax.set_title("Shallow nets on Δ^k: trained (solid, band = seed range) vs piece-count lower bound (dashed)",
                 fontsize=9)
    ax.plot([], [], "k--", lw=1, label="lower bound, any width-m one-layer net (ShallowTentBound)")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    save(fig, f"{prefix}-mse-width")
    # width needed against k
    fig, ax = plt.subplots(figsize=(6.8, 4.6))
    kk = np.array(ks)
    ax.plot(kk, 2.0 ** (kk - 1), "k--", lw=1, label="lower bound for MSE → 0: 2^(k−1) (ShallowTentBound)")
    ax.plot(kk, 2.0 ** kk, "k-", lw=1, label="exact representation, one layer: 2^k units")
    ax.plot(kk, 0 * kk + 2, "k:", lw=1, label="deep construction: width 2, k layers")
    for eps, mk, c in ((1e-2, "o", "tab:blue"), (1.1e-4, "s", "tab:red")):
        got = [(k, need[(k, eps)][0]) for k in ks if need[(k, eps)][0]]
        miss = [k for k in ks if not need[(k, eps)][0]]
        lab = "trained, median seed ≤ " + ("1e-2" if eps > 1e-3 else "1e-4 (target)")
        ax.plot([k for k, _ in got], [w for _, w in got], mk + "-", color=c, label=lab)
        ax.plot(miss, [need[(k, eps)][2] * (1.5 if eps > 1e-3 else 2.3) for k in miss], "^", color=c, mfc="none", ms=8)
    ax.plot([], [], "^", color="grey", mfc="none", label="not reached at the widest width run (drawn above it)")
    ax.set_yscale("log", base=2); ax.set_xlabel("k (Δ^k has 2^k pieces)"); ax.set_ylabel("hidden width")
    ax.set_title("Width a one-hidden-layer ReLU net needs for Δ^k", fontsize=10)
    ax.set_ylim(1.5, ws[-1] * 4)
    ax.legend(fontsize=7, loc="lower right")
    save(fig, f"{prefix}-width-k")
    print("\n".join(sm)); print(); print("\n".join(lines))
    return need


# ---------------------------------------------------------------- 4. NTK vs mean field
def ntk_mf(run_dir):
    cols = ["parametrization", "width", "seed", "lr", "steps", "final_train_loss", "final_test_loss",
            "layer1/w_rel_change", "layer1/w_fro", "layer2/w_rel_change", "theta_max"]
    rows, _ = table(run_dir, cols)
    out = ["| parametrization | width | runs | steps to train MSE 0.02 (median) | reached | ‖ΔW₁‖/‖W₁(0)‖ median | ‖ΔW₁‖_F (θ units) median | test MSE median |",
           "|---|---|---|---|---|---|---|---|"]
    fits = ["| parametrization | quantity | slope vs log width | 95% interval | runs | prediction |", "|---|---|---|---|---|---|"]
    fig, axs = plt.subplots(1, 2, figsize=(11, 4.5))
    for p, col in (("ntk", "tab:blue"), ("mean_field", "tab:orange")):
        rs = [r for r in rows if r["parametrization"] == p]
        ws = sorted({int(r["width"]) for r in rs})
        for w in ws:
            q = [r for r in rs if int(r["width"]) == w]
            rel = [float(r["layer1/w_rel_change"]) for r in q]
            ab = [float(r["layer1/w_rel_change"]) * w0(r) for r in q]
            reached = sum(float(r["final_train_loss"]) <= 0.02 * 1.0001 for r in q)
            out.append(f"| {p} | {w} | {len(q)} | {st.median(int(r['steps']) for r in q):g} | {reached}/{len(q)} | "
                       f"{g(st.median(rel))} | {g(st.median(ab))} | {g(st.median(float(r['final_test_loss']) for r in q))} |")
        x = [int(r["width"]) for r in rs]
        rel = [float(r["layer1/w_rel_change"]) for r in rs]
        ab = [float(r["layer1/w_rel_change"]) * w0(r) for r in rs]
        for name, y, ax, pred in (("relative ‖ΔW₁‖/‖W₁(0)‖", rel, axs[0], "−½ (NTK) / 0 (MF)"),
                                  ("absolute ‖ΔW₁‖_F", ab, axs[1], "0 (NTK) / +½ (MF)")):
            s, lo, hi, n = slope(x, y)
            fits.append(f"| {p} | {name} | {s:+.3f} | [{lo:+.3f}, {hi:+.3f}] | {n} | {pred} |")
            ax.plot(x, y, "o", color=col, alpha=0.5, ms=4)
            xs = sorted(set(x))
            ax.plot(xs, [st.median(yy for xx, yy in zip(x, y) if xx == w) for w in xs], "-", color=col,
                    label=f"{p}: slope {s:+.2f} [{lo:+.2f}, {hi:+.2f}]")
    for ax, t in zip(axs, ("relative change of W₁ (θ units)", "absolute change ‖θ₁ − θ₁(0)‖_F")):
        ax.set_xscale("log", base=2); ax.set_yscale("log"); ax.set_xlabel("hidden width m"); ax.set_title(t, fontsize=10)
        ax.legend(fontsize=8)
    axs[0].set_ylabel("at the first step with train MSE ≤ 0.02")
    save(fig, "t22-ntk-meanfield")
    print("\n".join(fits)); print(); print("\n".join(out))


def w0(r):
    # ‖W₁(0)‖_F from the final ‖W₁‖_F is not recoverable exactly; theta units: W1(0) = θ ~ N(0,1) of m×d entries
    # (d = 2), so ‖θ₁(0)‖_F ≈ √(2m). Good to O(1/√m) relative; used only for the absolute-change column.
    return math.sqrt(2 * int(r["width"]))


# ---------------------------------------------------------------- 2. Mhaskar-Poggio
COLLAPSED = 0.95  # standardised target: MSE ≈ 1 is the constant predictor
ARCH = {"tree": "binary tree", "dense": "dense deep (3 hidden)", "shallow": "shallow (1 hidden)"}


def comp(root, name="t22-compositional"):
    cols = ["config.task.d", "width", "depth", "lr", "seed", "params", "steps", "final_train_loss", "final_test_loss",
            "best_test_loss"]
    data = {}
    for a in ARCH:
        rows, _ = table(f"{root}/{a}", cols)
        data[a] = rows
    out = ["| d | architecture | width | params P | best lr | test MSE median [min, max] | train MSE median | best-during-run test MSE median |",
           "|---|---|---|---|---|---|---|---|"]
    fits = ["| d | architecture | MSE slope vs log P (best lr, all seeds; sizes with median ≥ 0.95 left out) | 95% interval | runs | sizes |",
            "|---|---|---|---|---|---|"]
    ds = sorted({int(r["config.task.d"]) for rs in data.values() for r in rs})
    fig, axs = plt.subplots(1, len(ds), figsize=(5 * len(ds), 4.3), sharey=True)
    slopes = {}
    for ax, d in zip(np.atleast_1d(axs), ds):
        for a, col in zip(ARCH, ("tab:green", "tab:blue", "tab:red")):
            rs = [r for r in data[a] if int(r["config.task.d"]) == d]
            best, by = best_rate_per_width(rs)
            xs, ys = [], []
            pts = []
            for w in sorted(best):
                m, lr, q = best[w]
                te = sorted(float(r["final_test_loss"]) for r in q)
                P = int(q[0]["params"])
                lrs = sorted({l for (ww, l) in by if ww == w})
                edge = " (edge)" if lr in (lrs[0], lrs[-1]) and len(lrs) > 1 else ""
                out.append(f"| {d} | {ARCH[a]} | {w} | {P:,} | {lr:g}{edge} | {g(m)} [{g(te[0])}, {g(te[-1])}] | "
                           f"{g(st.median(float(r['final_train_loss']) for r in q))} | "
                           f"{g(st.median(float(r['best_test_loss']) for r in q))} |")
                if m < COLLAPSED:  # a size whose median run predicts the mean is left out of the fit
                    for r in q:
                        xs.append(P); ys.append(float(r["final_test_loss"]))
                pts.append((P, m, te[0], te[-1], st.median(float(r["final_train_loss"]) for r in q)))
            if len(set(xs)) >= 2:
                s, lo, hi, n = slope(xs, ys)
                slopes[(d, a)] = (s, lo, hi)
                fits.append(f"| {d} | {ARCH[a]} | {s:+.3f} | [{lo:+.3f}, {hi:+.3f}] | {n} | {len(set(xs))} |")
                lab = f"{ARCH[a]}: {s:+.2f} [{lo:+.2f}, {hi:+.2f}]"
            else:
                lab = ARCH[a]
            ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", color=col, label=lab)
            ax.fill_between([p[0] for p in pts], [p[2] for p in pts], [p[3] for p in pts], color=col, alpha=0.15)
            ax.plot([p[0] for p in pts], [p[4] for p in pts], ":", color=col, lw=1)
        ax.set_xscale("log"); ax.set_yscale("log"); ax.set_xlabel("parameters P")
        ax.set_title(f"n = d = {d}: test MSE (solid), train MSE (dotted)", fontsize=10)
        ax.legend(fontsize=7)
    np.atleast_1d(axs)[0].set_ylabel("MSE, best lr, median (band: seed range)")
    save(fig, name)
    print("\n".join(fits)); print(); print("\n".join(out))


# ---------------------------------------------------------------- 3b. trained sup-norm against the target
def supnorm(run_dir):
    cols = ["activation", "target_loss", "lr", "seed", "steps", "final_train_loss", "final_test_loss", "theta_max",
            "layer1/w_rel_change", "weight_drift_max"]
    rows, _ = table(run_dir, cols)
    acts = ["relu", "requ", "sigmoid", "gaussian"]
    out = ["| activation | target train MSE ε | lr (most seeds reaching ε; ties: fewer steps) | reached | steps median | ‖θ‖_∞ median [min, max] | ‖ΔW₁‖/‖W₁(0)‖ median | max \\|W − W₀\\| (Adam drift) median [min, max] |",
           "|---|---|---|---|---|---|---|---|"]
    fits = ["| activation | slope of log ‖θ‖_∞ vs log(1/ε) (chosen lr, reached runs) | 95% interval | runs | ε range |",
            "|---|---|---|---|---|"]
    fig, axs = plt.subplots(1, 2, figsize=(11, 4.5))
    cols_ = dict(zip(acts, ("tab:blue", "tab:green", "tab:red", "tab:purple")))
    allx, ally = [], []
    rho = {}
    for a in acts:
        rs = [r for r in rows if r["activation"] == a]
        xs, ys, pts = [], [], []
        for eps in sorted({float(r["target_loss"]) for r in rs}, reverse=True):
            by = collections.defaultdict(list)
            for r in rs:
                if float(r["target_loss"]) == eps:
                    by[float(r["lr"])].append(r)
            def key(lr):
                q = by[lr]
                reached = sum(float(r["final_train_loss"]) <= eps * 1.0001 for r in q)
                return (-reached, st.median(int(r["steps"]) for r in q))
            lr = min(by, key=key)
            q = by[lr]
            ok = [r for r in q if float(r["final_train_loss"]) <= eps * 1.0001]
            th = sorted(float(r["theta_max"]) for r in q)
            dr = sorted(float(r["weight_drift_max"]) for r in q)
            out.append(f"| {a} | {eps:.0e} | {lr:g} | {len(ok)}/{len(q)} | {st.median(int(r['steps']) for r in q):g} | "
                       f"{g(st.median(th))} [{g(th[0])}, {g(th[-1])}] | "
                       f"{g(st.median(float(r['layer1/w_rel_change']) for r in q))} | "
                       f"{g(st.median(dr))} [{g(dr[0])}, {g(dr[-1])}] |")
            for r in ok:
                xs.append(1 / eps); ys.append(float(r["theta_max"]))
            if ok:
                pts.append((1 / eps, st.median(float(r["theta_max"]) for r in ok)))
        for r in rs:
            allx.append(int(r["steps"])); ally.append(float(r["theta_max"]))
            axs[1].plot(int(r["steps"]), float(r["theta_max"]), "o", color=cols_[a], ms=3, alpha=0.5)
        sp = stats.spearmanr([int(r["steps"]) for r in rs], [float(r["theta_max"]) for r in rs])
        rho[a] = (sp.statistic, sp.pvalue, len(rs))
        if len(set(xs)) >= 2:
            s, lo, hi, n = slope(xs, ys)
            fits.append(f"| {a} | {s:+.3f} | [{lo:+.3f}, {hi:+.3f}] | {n} | {1 / max(xs):.0e} … {1 / min(xs):.0e} |")
            lab = f"{a}: {s:+.3f} [{lo:+.3f}, {hi:+.3f}]"
        else:
            fits.append(f"| {a} | – (target reached at fewer than 2 ε) | | {len(xs)} | |")
            lab = a
        axs[0].plot([p[0] for p in pts], [p[1] for p in pts], "o-", color=cols_[a], label=lab)
        axs[0].plot(xs, ys, ".", color=cols_[a], alpha=0.4)
    axs[0].set_xscale("log"); axs[0].set_yscale("log"); axs[0].set_xlabel("1/ε (target train MSE reached)")
    axs[0].set_ylabel("‖θ‖_∞ at the stop"); axs[0].legend(fontsize=8); axs[0].set_title("trained, reached runs only", fontsize=10)
    axs[1].set_xscale("log"); axs[1].set_yscale("log"); axs[1].set_xlabel("Adam steps taken (every run)")
    axs[1].set_ylabel("‖θ‖_∞"); axs[1].set_title("the same runs against steps taken", fontsize=10)
    for a in acts:
        axs[1].plot([], [], "o", color=cols_[a], label=a)
    axs[1].legend(fontsize=8)
    save(fig, "t22-supnorm-eps")
    r = stats.spearmanr(allx, ally)
    print("\n".join(fits)); print(); print("\n".join(out)); print(f"\nSpearman rank correlation of steps taken and ‖θ‖_∞ over every run (all rates and targets): all {len(allx)} runs {r.statistic:.3f} (p = {r.pvalue:.2g}); "
          + "; ".join(f"{a} {v[0]:.3f} (p = {v[1]:.2g}, {v[2]} runs)" for a, v in rho.items()))


# ---------------------------------------------------------------- 5. universal approximation
def universal(run_dir, lo_w=1, name="t22-universal", title="y = sin(a·x)", hi_w=10 ** 9):
    cols = ["width", "lr", "seed", "params", "steps", "final_train_loss", "final_test_loss", "best_test_loss"]
    rows, _ = table(run_dir, cols)
    best, by = best_rate_per_width(rows)
    lrs = sorted({lr for _, lr in by})
    out = ["| width | params | best lr | test MSE median [min, max] | train MSE median |", "|---|---|---|---|---|"]
    xs, ys = [], []
    for w in sorted(best):
        m, lr, q = best[w]
        te = sorted(float(r["final_test_loss"]) for r in q)
        out.append(f"| {w} | {q[0]['params']} | {lr:g}{' (edge)' if lr in (lrs[0], lrs[-1]) else ''} | {g(m)} [{g(te[0])}, {g(te[-1])}] | "
                   f"{g(st.median(float(r['final_train_loss']) for r in q))} |")
        if int(lo_w) <= w <= int(hi_w):
            for r in q:
                xs.append(w); ys.append(float(r["final_test_loss"]))
    s, lo, hi, n = slope(xs, ys)
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    W = sorted(best)
    ax.plot(W, [best[w][0] for w in W], "o-", label=f"sigmoid, best lr (median); slope over widths {lo_w}–{min(int(hi_w), W[-1])}: {s:+.2f} [{lo:+.2f}, {hi:+.2f}]")
    ax.fill_between(W, [min(float(r['final_test_loss']) for r in best[w][2]) for w in W],
                    [max(float(r['final_test_loss']) for r in best[w][2]) for w in W], alpha=0.2)
    ref = best[W[0]][0]
    ax.plot(W, [ref / w for w in W], "k--", lw=0.8, label="∝ 1/width (Barron's rate for the MSE)")
    ax.set_xscale("log", base=2); ax.set_yscale("log"); ax.set_xlabel("hidden width (one sigmoid layer)")
    ax.set_ylabel("test MSE"); ax.legend(fontsize=8); ax.set_title(f"Universal approximation, one sigmoid layer: {title}", fontsize=10)
    save(fig, name)
    print(f"slope of log test MSE on log width, widths {lo_w}..{hi_w} (best lr, every seed): {s:+.3f} [{lo:+.3f}, {hi:+.3f}] over {n} runs"); print(); print("\n".join(out))


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "telgarsky":  # run_dir [prefix]
        telgarsky(*sys.argv[2:4])
    elif what == "ntk":
        ntk_mf(sys.argv[2])
    elif what == "supnorm":
        supnorm(sys.argv[2])
    elif what == "universal":  # run_dir lo_w name title hi_w
        universal(sys.argv[2], *sys.argv[3:])
    elif what == "comp":
        comp(sys.argv[2], *sys.argv[3:])
