"""Comparisons of benchmarks/gpu-check.sh, in plain Python 3 (no numpy, no torch): each prints a table and, last,
one summary line, and exits 0 when the check passes, 1 when it does not, 2 when an input cannot be read.

  gpu_check_compare.py doctor GPU_TEST_JSON
  gpu_check_compare.py memorize THIS_JSON CPU_REFERENCE_JSON [subset]   success counts per width, within 1
  gpu_check_compare.py grid THIS_CSV CPU_REFERENCE_CSV [subset]         final_test_loss run by run (width, steps, seed)
With "subset" (gpu-check.sh --dry-run) THIS may hold fewer widths or runs than the reference: those are compared.
  gpu_check_compare.py bench SCALELAB_JSON PYTORCH_JSON           side by side, model-steps/s (not judged)
  gpu_check_compare.py tiny FUSED_JSON UNFUSED_JSON PYTORCH_JSON...  the tiny-model workloads by (K, width), with
                                                                   issue 11's targets (not judged)
  gpu_check_compare.py memorize-vs THIS_JSON FP32_JSON SLACK      a fast mode's success counts vs FP32's, within SLACK
  gpu_check_compare.py grid-vs THIS_CSV FP32_CSV TOLERANCE         a fast mode's final_test_loss vs FP32's, every run
                                                                  within TOLERANCE (relative)
"""
import csv
import json
import statistics
import sys

MEMORIZE_SLACK = 1          # successes per width (of 10 seeds) a GPU may differ by: float rounding flips a borderline seed
GRID_MEDIAN = 1e-3          # median relative difference of final_test_loss
GRID_WORST = 0.10           # worst relative difference of final_test_loss
# A run's identity across backends (its run id hashes the backend too): column names as `sweep table` writes them.
GRID_KEY = {"width": ("config.model.width", "width"), "steps": ("config.train.steps", "steps"),
            "seed": ("config.model.seed", "seed")}


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"error: {path}: {e}")
        sys.exit(2)


def doctor(path):
    doc = load_json(path)
    test = doc.get("gpu_test")
    if test is None:
        print(f"error: {path}: no gpu_test")
        return 2
    checks = test["checks"]
    failed = [c for c in checks if c["status"] == "FAIL"]
    skipped = [c for c in checks if c["status"] == "SKIPPED"]
    for c in failed:
        print(f"FAIL {c['group']} {c['name']}: {c['note']}")
    print(f"{test['device']}: {len(checks) - len(failed) - len(skipped)} checks passed, {len(failed)} failed, "
          f"{len(skipped)} skipped" + (": " + ", ".join(f"{c['group']} {c['name']}" for c in failed) if failed else ""))
    return 1 if failed else 0


def memorize(this_path, ref_path, subset=None):
    this, ref = load_json(this_path), load_json(ref_path)
    mine = {w["width"]: w["successes"] for w in this["widths"]}
    theirs = {w["width"]: w["successes"] for w in ref["widths"]}
    if subset:
        theirs = {w: v for w, v in theirs.items() if w in mine}
    print(f"{'width':>6} {'CPU':>4} {'this':>4} {'diff':>5}   ({this.get('backend')} on {this.get('device')}, "
          f"{this.get('seeds')} seeds)")
    worst = 0
    for w in sorted(set(mine) | set(theirs)):
        a, b = theirs.get(w), mine.get(w)
        d = None if a is None or b is None else b - a
        worst = max(worst, abs(d) if d is not None else 99)
        print(f"{w:>6} {a if a is not None else '-':>4} {b if b is not None else '-':>4} "
              f"{d if d is not None else 'missing':>5}")
    equal = sum(1 for w in theirs if mine.get(w) == theirs[w])
    ok = bool(theirs) and set(mine) == set(theirs) and worst <= MEMORIZE_SLACK
    print(f"success counts equal to the CPU's at {equal} of {len(theirs)} widths; largest difference {worst} "
          f"(allowed {MEMORIZE_SLACK})")
    return 0 if ok else 1


def read_grid(path):
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        print(f"error: {path}: {e}")
        sys.exit(2)
    table = {}
    for r in rows:
        try:
            key = tuple(int(float(next(r[c] for c in names if c in r))) for names in GRID_KEY.values())
            table[key] = float(r["final_test_loss"])
        except (KeyError, ValueError, StopIteration) as e:
            print(f"error: {path}: row without {', '.join(GRID_KEY)}, final_test_loss: {e}")
            sys.exit(2)
    return table


def grid(this_path, ref_path, subset=None):
    mine, theirs = read_grid(this_path), read_grid(ref_path)
    if subset:
        theirs = {k: v for k, v in theirs.items() if k in mine}
    if not theirs:
        print("no run to compare")
        return 1
    diffs = []
    print(f"{'width':>6} {'steps':>6} {'seed':>5} {'CPU loss':>12} {'this loss':>12} {'rel. diff':>10}")
    for key in sorted(theirs):
        a, b = theirs[key], mine.get(key)
        d = float("inf") if b is None else abs(b - a) / max(abs(a), 1e-12)
        diffs.append(d)
        print(f"{key[0]:>6} {key[1]:>6} {key[2]:>5} {a:>12.6g} {b if b is not None else float('nan'):>12.6g} {d:>10.2e}")
    missing = [k for k in theirs if k not in mine]
    median, worst = statistics.median(diffs), max(diffs)
    ok = not missing and median <= GRID_MEDIAN and worst <= GRID_WORST
    print(f"{len(theirs) - len(missing)} of {len(theirs)} runs; final test loss vs the CPU: median relative difference "
          f"{median:.2e} (allowed {GRID_MEDIAN:g}), worst {worst:.2e} (allowed {GRID_WORST:g})")
    return 0 if ok else 1


def memorize_vs(this_path, fp32_path, slack):
    """Success counts per width of a fast mode (e.g. cuda-bf16) against FP32 on the same seeds."""
    this, ref = load_json(this_path), load_json(fp32_path)
    slack = int(slack)
    mine = {w["width"]: w["successes"] for w in this["widths"]}
    theirs = {w["width"]: w["successes"] for w in ref["widths"]}
    print(f"{'width':>6} {'FP32':>5} {'this':>5} {'diff':>5}   ({this.get('backend')} vs {ref.get('backend')}, "
          f"{this.get('seeds')} seeds)")
    worst = 0
    for w in sorted(set(mine) | set(theirs)):
        a, b = theirs.get(w), mine.get(w)
        d = None if a is None or b is None else b - a
        worst = max(worst, abs(d) if d is not None else 99)
        print(f"{w:>6} {a if a is not None else '-':>5} {b if b is not None else '-':>5} "
              f"{d if d is not None else 'missing':>5}")
    ok = bool(theirs) and set(mine) == set(theirs) and this.get("seeds") == ref.get("seeds") and worst <= slack
    print(f"success counts vs FP32 at {len(theirs)} widths, {this.get('seeds')} seeds: largest difference {worst} "
          f"(allowed {slack})")
    return 0 if ok else 1


def grid_vs(this_path, fp32_path, tolerance):
    """Final test losses of a fast mode's compute-grid sweep against FP32's, run by run."""
    mine, theirs = read_grid(this_path), read_grid(fp32_path)
    tolerance = float(tolerance)
    if not theirs:
        print("no run to compare")
        return 1
    diffs = []
    print(f"{'width':>6} {'steps':>6} {'seed':>5} {'FP32 loss':>12} {'this loss':>12} {'rel. diff':>10}")
    for key in sorted(theirs):
        a, b = theirs[key], mine.get(key)
        d = float("inf") if b is None else abs(b - a) / max(abs(a), 1e-12)
        diffs.append(d)
        print(f"{key[0]:>6} {key[1]:>6} {key[2]:>5} {a:>12.6g} {b if b is not None else float('nan'):>12.6g} {d:>10.2e}")
    missing = [k for k in theirs if k not in mine]
    worst = max(diffs)
    ok = not missing and set(mine) == set(theirs) and worst <= tolerance
    print(f"{len(theirs) - len(missing)} of {len(theirs)} runs; final test loss vs FP32: median relative difference "
          f"{statistics.median(diffs):.2e}, worst {worst:.2e} (allowed {tolerance:g})")
    return 0 if ok else 1


def bench(scalelab_path, pytorch_path):
    sl = load_json(scalelab_path)
    try:
        with open(pytorch_path) as f:
            pt = json.load(f)
    except (OSError, ValueError):
        pt = None
    widths = sorted({p["width"] for p in sl["points"]})
    backends = list(dict.fromkeys(p["backend"] for p in sl["points"]))
    modes = pt["modes"] if pt else []
    ours = {(p["backend"], p["width"]): p["model_steps_per_second"] for p in sl["points"]}
    theirs = {(p["mode"], p["width"]): p["model_steps_per_second"] for p in pt["points"]} if pt else {}
    print(f"model-steps/s, K = {sl['points'][0]['models']}; ScaleLab on {sl.get('devices')}"
          + (f"; {pt['framework']} on {pt['device']}" if pt else "; PyTorch: not run"))
    head = "".join(f"{b:>12}" for b in backends) + "".join(f"{m:>12}" for m in modes)
    print(f"{'width':>6}{head}{'best ours / best PyTorch':>27}")
    ratios = []
    for w in widths:
        row = [ours.get((b, w)) for b in backends] + [theirs.get((m, w)) for m in modes]
        cells = "".join(f"{v:>12.1f}" if v is not None else f"{'-':>12}" for v in row)
        best_ours = max((v for b in backends if (v := ours.get((b, w))) is not None), default=None)
        best_pt = max(((v, m) for m in modes if (v := theirs.get((m, w))) is not None), default=None)
        ratio = ""
        if best_ours is not None and best_pt is not None:
            ratio = f"{best_ours / best_pt[0]:.2f}x (vs {best_pt[1]})"
            ratios.append(f"W={w}: {best_ours / best_pt[0]:.2f}x")
        print(f"{w:>6}{cells}{ratio:>27}")
    print("best ScaleLab / best PyTorch mode: " + (", ".join(ratios) if ratios else "no PyTorch numbers"))
    return 0


# Issue 11's targets for the tiny workloads: K = 1 model-steps/s, and for larger K a multiple of PyTorch's best
# CUDA-graph mode.
TINY_K1_TARGET = 20000
TINY_GRAPH_MULTIPLE = 2.0


def tiny(fused_path, unfused_path, *pytorch_paths):
    """ScaleLab's backends with the fused kernels, `cuda` without them, and PyTorch's modes, per (K, width)."""
    fused = load_json(fused_path)
    unfused = load_json(unfused_path)
    columns = []
    values = {}
    for doc, label in ((fused, "{}"), (unfused, "{} unfused")):
        for p in doc["points"]:
            col = label.format(p["backend"])
            columns.append(col)
            values[(col, p["models"], p["width"])] = p["model_steps_per_second"]
    ours = list(dict.fromkeys(columns))
    frameworks = []
    for path in pytorch_paths:
        try:
            with open(path) as f:
                pt = json.load(f)
        except (OSError, ValueError):
            continue
        frameworks.append(f"{pt['framework']} on {pt['device']}")
        for p in pt["points"]:
            columns.append(p["mode"])
            values[(p["mode"], p["models"], p["width"])] = p["model_steps_per_second"]
    theirs = [c for c in dict.fromkeys(columns) if c not in ours]
    shapes = sorted({(k, w) for (_, k, w) in values})
    print(f"model-steps/s, 64 -> 4 x W -> 1, batch 512; ScaleLab on {fused.get('devices')}; "
          + ("; ".join(dict.fromkeys(frameworks)) if frameworks else "PyTorch: not run"))
    head = "".join(f"{c:>18}" for c in ours + theirs)
    print(f"{'K':>5}{'width':>6}{head}  target")
    notes = []
    for k, w in shapes:
        cells = "".join(f"{v:>18.1f}" if (v := values.get((c, k, w))) is not None else f"{'-':>18}"
                        for c in ours + theirs)
        best_ours = max((v for c in ours if (v := values.get((c, k, w))) is not None), default=None)
        graphs = [v for c in theirs if c.startswith("graph") and (v := values.get((c, k, w))) is not None]
        if k == 1:
            target = TINY_K1_TARGET
            label = f">= {target:,} (4x PyTorch's K = 1 CUDA graph)"
        elif graphs:
            target = TINY_GRAPH_MULTIPLE * max(graphs)
            label = f">= {target:,.0f} ({TINY_GRAPH_MULTIPLE:g}x PyTorch's best CUDA graph)"
        else:
            target, label = None, "no PyTorch CUDA-graph number"
        print(f"{k:>5}{w:>6}{cells}  {label}")
        if best_ours is not None and target is not None:
            notes.append(f"K={k} W={w}: {best_ours / target:.3g} of target")
    print("best ScaleLab against the targets: " + (", ".join(notes) if notes else "no targets"))
    return 0


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    kind, args = sys.argv[1], sys.argv[2:]
    commands = {"doctor": (doctor, 1), "memorize": (memorize, 2), "grid": (grid, 2), "bench": (bench, 2),
                "memorize-vs": (memorize_vs, 3), "grid-vs": (grid_vs, 3)}
    if kind == "tiny":
        return tiny(*args) if len(args) >= 2 else (print(__doc__) or 2)
    if kind not in commands or not commands[kind][1] <= len(args) <= commands[kind][1] + (kind in ("memorize", "grid")):
        print(__doc__)
        return 2
    if len(args) > commands[kind][1] and args[-1] != "subset":
        print(__doc__)
        return 2
    return commands[kind][0](*args)


if __name__ == "__main__":
    sys.exit(main())
