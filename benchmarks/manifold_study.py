#!/usr/bin/python3
"""Tables, fits and plots of the data-manifold study (docs/theory.md §5) from its three sweeps.

Reads runs/manifold-lr-scan, runs/manifold-scaling and runs/manifold-convergence through `scalelab sweep table`,
fits L = A·N^-α per d with `scalelab fit --fix L_inf=0 --bootstrap-by seed`, and writes docs/theory/manifold*.md,
manifold-fit.json and manifold.png/.svg. Usage (from the repository root, after the sweeps):
    /usr/bin/python3 benchmarks/manifold_study.py [SCALELAB] [INTRINSIC_DIM_TABLE]
"""
import csv
import io
import json
import math
import statistics
import subprocess
import sys

SCALELAB = sys.argv[1] if len(sys.argv) > 1 else "./scalelab"
ID_TABLE = sys.argv[2] if len(sys.argv) > 2 else "docs/theory/manifold-intrinsic-dim.md"
OUT = "docs/theory"
CONVERGED = 0.10  # largest relative change of the median final test loss when the steps double


def table(sweep):
    text = subprocess.run([SCALELAB, "sweep", "table", sweep, "--columns", "all"], check=True,
                          capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(text)))


def by(rows, *keys):
    groups = {}
    for r in rows:
        groups.setdefault(tuple(float(r[k]) for k in keys), []).append(r)
    return dict(sorted(groups.items()))


def med(rows, col):
    return statistics.median(float(r[col]) for r in rows)


def lr_scan():
    rows = table("runs/manifold-lr-scan")
    best = {}
    lines = ["| d | width | lr 0.003 | lr 0.01 | lr 0.03 | best |", "|---|---|---|---|---|---|"]
    for (d, width), group in by(rows, "config.task.d", "config.model.width").items():
        losses = {lr: med(g, "final_test_loss") for (lr,), g in by(group, "config.train.lr").items()}
        choice = min(losses, key=losses.get)
        best[(d, width)] = choice
        lines.append(f"| {d:.0f} | {width:.0f} | " + " | ".join(f"{losses[lr]:.3g}" for lr in sorted(losses))
                     + f" | {choice:g} |")
    return best, "\n".join(lines) + "\n"


def fit(d, max_width):
    cmd = [SCALELAB, "fit", "runs/manifold-scaling", "--form", "power", "--fix", "L_inf=0", "--bootstrap-by", "seed",
           "--bootstrap", "1000", "--least-squares", "--where", f"config.task.d={d:g}", "--json"]
    if max_width is not None:
        cmd += ["--where", f"config.model.width<={max_width:g}"]
    result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    p = result["parameters"]
    return {"d": d, "alpha": p["alpha"]["value"], "alpha_lo": p["alpha"]["lo"], "alpha_hi": p["alpha"]["hi"],
            "A": p["A"]["value"], "points": result["data"]["points"], "max_width": max_width}


def longer(rows):
    """Markdown: d = 2, 4 at 4× the steps (runs/manifold-scaling-24k), against the main run, and the fits there."""
    try:
        long_rows = table("runs/manifold-scaling-24k")
    except subprocess.CalledProcessError:
        return ""
    main = by(rows, "config.task.d", "config.model.width")
    lines = ["| d | width | median test MSE, 6,000 steps | 24,000 steps | change |", "|---|---|---|---|---|"]
    for (d, width), g in by(long_rows, "config.task.d", "config.model.width").items():
        a = med(main[(d, width)], "final_test_loss")
        b = med(g, "final_test_loss")
        lines.append(f"| {d:.0f} | {width:.0f} | {a:.3g} | {b:.3g} | {b / a - 1:+.1%} |")
    fits = ["| d | α at 24,000 steps, all 6 widths (95 % interval, bootstrap over seeds) | 4/d |", "|---|---|---|"]
    for (d,), _ in by(long_rows, "config.task.d").items():
        cmd = [SCALELAB, "fit", "runs/manifold-scaling-24k", "--form", "power", "--fix", "L_inf=0", "--bootstrap-by",
               "seed", "--bootstrap", "1000", "--least-squares", "--where", f"config.task.d={d:g}", "--json"]
        p = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)["parameters"]["alpha"]
        fits.append(f"| {d:.0f} | {p['value']:.3f} [{p['lo']:.3f}, {p['hi']:.3f}] | {4 / d:g} |")
    return ("\n## Longer training at d = 2, 4 (24,000 steps, same phases, 8 seeds)\n\n" + "\n".join(lines) + "\n\n"
            + "\n".join(fits) + "\n")


def intrinsic_dimensions():
    """d -> (TwoNN of the read coordinates, of the whole input, of the last hidden layer), from the command's table."""
    out = {}
    try:
        for line in open(ID_TABLE):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 4 and cells[0].isdigit():
                out[float(cells[0])] = tuple(float(c.split()[0]) for c in cells[1:])
    except FileNotFoundError:
        pass
    return out


def main():
    best, scan_md = lr_scan()
    rows = table("runs/manifold-scaling")
    conv = by(table("runs/manifold-convergence"), "config.task.d")
    widths = sorted({float(r["config.model.width"]) for r in rows})
    largest = widths[-1]
    ids = intrinsic_dimensions()

    per_width = ["| d | width | N | median test MSE (8 seeds) | min … max | median train MSE (last batch) | train/test |",
                 "|---|---|---|---|---|---|---|"]
    checks = ["| d | test MSE at width %g, 6,000 steps (seeds 1–4) | 12,000 steps | change | converged (< 10 %%) |"
              % largest, "|---|---|---|---|---|"]
    fits = []
    points = {}
    for (d,), group in by(rows, "config.task.d").items():
        for (width,), g in by(group, "config.model.width").items():
            test = [float(r["final_test_loss"]) for r in g]
            train = [float(r["final_train_loss"]) for r in g]
            per_width.append(f"| {d:.0f} | {width:.0f} | {g[0]['params']} | {statistics.median(test):.3g} | "
                             f"{min(test):.3g} … {max(test):.3g} | {statistics.median(train):.3g} | "
                             f"{statistics.median(train) / statistics.median(test):.2f} |")
            points.setdefault(d, []).append((float(g[0]["params"]), test))
        short = [float(r["final_test_loss"]) for r in group
                 if float(r["config.model.width"]) == largest and float(r["config.model.seed"]) <= 4]
        long = [float(r["final_test_loss"]) for r in conv.get((d,), [])]
        change = statistics.median(long) / statistics.median(short) - 1 if long and short else float("nan")
        ok = abs(change) < CONVERGED
        checks.append(f"| {d:.0f} | {statistics.median(short):.3g} | "
                      + (f"{statistics.median(long):.3g} | {change:+.1%} | " if long else "– | – | ")
                      + ("yes" if ok else "**no: left out of the fit**") + " |")
        f = fit(d, None if ok else widths[-2])
        f["converged"] = ok
        f["change"] = change
        fits.append(f)

    fit_md = ["| d | points fitted | α (95 % interval, bootstrap over seeds) | 4/d | 4/α (interval) | "
              "TwoNN: read coordinates / 20-dim input / teacher's last hidden layer |", "|---|---|---|---|---|---|"]
    for f in fits:
        d = f["d"]
        idm = ids.get(d)
        fit_md.append(f"| {d:.0f} | {f['points']} | {f['alpha']:.3f} [{f['alpha_lo']:.3f}, {f['alpha_hi']:.3f}] | "
                      f"{4 / d:.3f} | {4 / f['alpha']:.1f} [{4 / f['alpha_hi']:.1f}, {4 / f['alpha_lo']:.1f}] | "
                      + (" / ".join(f"{v:.2f}" for v in idm) if idm else "–") + " |")

    with open(f"{OUT}/manifold.md", "w") as out:
        out.write("# Data-manifold study: tables (generated by benchmarks/manifold_study.py)\n\n")
        out.write("## Learning-rate scan (median final test MSE of 4 seeds, 5,000 steps)\n\n" + scan_md)
        out.write("\n## Fits, L = A·N^−α with L∞ fixed at 0\n\n" + "\n".join(fit_md) + "\n")
        out.write("\n## Convergence of the largest width\n\n" + "\n".join(checks) + "\n")
        out.write("\n## Every width\n\n" + "\n".join(per_width) + "\n")
        out.write(longer(rows))
    with open(f"{OUT}/manifold-fit.json", "w") as out:
        json.dump(fits, out, indent=2)
    plot(points, fits, ids)
    print(open(f"{OUT}/manifold.md").read())


def plot(points, fits, ids):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 6.2))
    colors = {2: "tab:blue", 4: "tab:orange", 8: "tab:green", 16: "tab:red"}
    for f in fits:
        d = f["d"]
        c = colors.get(int(d), "black")
        largest_n = max(n for n, _ in points[d])
        for n, losses in points[d]:
            left_out = not f["converged"] and n == largest_n
            left.scatter([n] * len(losses), losses, s=8, color=c, alpha=0.35)
            left.scatter([n], [statistics.median(losses)], s=36, marker="o",
                         facecolors="none" if left_out else c, edgecolors=c)
        ns = [n for n, _ in points[d]]
        xs = [min(ns) * (max(ns) / min(ns)) ** (i / 50) for i in range(51)]
        left.plot(xs, [f["A"] * x ** -f["alpha"] for x in xs], color=c,
                  label=f"d = {d:.0f}: α = {f['alpha']:.2f} [{f['alpha_lo']:.2f}, {f['alpha_hi']:.2f}], 4/d = {4 / d:.2f}"
                  + ("" if f["converged"] else " (open: not converged, left out)"))
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("student parameters N")
    left.set_ylabel("final test MSE (100,000 samples)")
    left.set_title("Students [20, n, n, 1] on a ReLU teacher of d inputs (8 seeds, medians)")
    left.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13))
    ds = [f["d"] for f in fits]
    four = [4 / f["alpha"] for f in fits]
    err = [[4 / f["alpha"] - 4 / f["alpha_hi"] for f in fits], [4 / f["alpha_lo"] - 4 / f["alpha"] for f in fits]]
    right.errorbar(ds, four, yerr=err, fmt="o", color="black", label="4/α against nominal d")
    if ids:
        hidden = [ids[d][2] for d in ds if d in ids]
        right.errorbar([ids[d][2] for d in ds if d in ids], [4 / f["alpha"] for f in fits if f["d"] in ids],
                       fmt="s", color="tab:purple", label="4/α against TwoNN of the teacher's last hidden layer")
        top = max(max(ds), max(hidden))
    else:
        top = max(ds)
    right.plot([0, top * 1.1], [0, top * 1.1], "--", color="gray", label="4/α = dimension (the theory)")
    right.set_xlabel("dimension")
    right.set_ylabel("4/α")
    right.set_title("4/α against the data's dimension")
    right.legend(fontsize=8)
    fig.tight_layout()
    for ext in ("png", "svg"):
        fig.savefig(f"{OUT}/manifold.{ext}", dpi=110)


if __name__ == "__main__":
    main()
