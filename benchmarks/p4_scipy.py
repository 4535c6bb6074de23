#!/usr/bin/env python3
"""P4 reference: the 4,500-start Chinchilla grid fit with scipy.optimize.minimize(method='L-BFGS-B', jac=analytic).

Same objective as ScaleLab's fitter: sum over points of Huber_delta(LSE(a - alpha*log N, b - beta*log D, e) - log L),
delta = 1e-3; same grid: alpha, beta in {0, .5, ..., 2}, e in {-1, -.5, ..., 1}, a, b in {0, 5, ..., 25}.
Reads the CSV written by P4ChinchillaFit (columns N, D, C, loss). Prints one JSON line.

Usage: p4_scipy.py CSV [--runs 3] [--ftol F --gtol G]   (scipy's L-BFGS-B defaults unless given)
"""
import argparse
import itertools
import json
import time

import numpy as np
from scipy.optimize import minimize


def objective(theta, logn, logd, logl, delta):
    a, b, e, alpha, beta = theta
    p1 = a - alpha * logn
    p2 = b - beta * logd
    p3 = np.full_like(logn, e)
    m = np.maximum(np.maximum(p1, p2), p3)
    e1, e2, e3 = np.exp(p1 - m), np.exp(p2 - m), np.exp(p3 - m)
    s = e1 + e2 + e3
    r = m + np.log(s) - logl
    ar = np.abs(r)
    quad = ar <= delta
    f = np.where(quad, 0.5 * r * r, delta * (ar - 0.5 * delta)).sum()
    w = np.where(quad, r, delta * np.sign(r)) / s
    w1, w2, w3 = w * e1, w * e2, w * e3
    g = np.array([w1.sum(), w2.sum(), w3.sum(), -(w1 * logn).sum(), -(w2 * logd).sum()])
    return f, g


def grid():
    for alpha, beta, e, a, b in itertools.product(np.arange(0, 2.5, 0.5), np.arange(0, 2.5, 0.5),
                                                 np.arange(-1, 1.5, 0.5), np.arange(0, 30, 5), np.arange(0, 30, 5)):
        yield np.array([a, b, e, alpha, beta], dtype=float)


def fit(logn, logd, logl, delta, options):
    best = None
    results = []
    for x0 in grid():
        r = minimize(objective, x0, args=(logn, logd, logl, delta), method='L-BFGS-B', jac=True, options=options)
        results.append((r.fun, r.x))
        if np.isfinite(r.fun) and (best is None or r.fun < best.fun):
            best = r
    reached = sum(1 for f, x in results
                  if f - best.fun <= 1e-6 * abs(best.fun)
                  and np.all(np.abs(x - best.x) <= 1e-3 * np.maximum(1.0, np.abs(best.x))))
    return best, reached, len(results)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('csv')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--ftol', type=float)
    ap.add_argument('--gtol', type=float)
    ap.add_argument('--maxiter', type=int)
    args = ap.parse_args()
    data = np.genfromtxt(args.csv, delimiter=',', names=True)
    logn, logd, logl = np.log(data['N']), np.log(data['D']), np.log(data['loss'])
    options = {k: v for k, v in (('ftol', args.ftol), ('gtol', args.gtol), ('maxiter', args.maxiter)) if v is not None}
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        best, reached, starts = fit(logn, logd, logl, 1e-3, options)
        times.append(time.perf_counter() - t0)
    a, b, e, alpha, beta = best.x
    print(json.dumps({"impl": "scipy", "scipy_options": options or "defaults", "points": int(len(logl)),
                      "starts": starts, "median_s": float(np.median(times)), "times_s": [round(t, 3) for t in times],
                      "objective": float(best.fun), "reached_best": int(reached), "A": float(np.exp(a)),
                      "B": float(np.exp(b)), "E": float(np.exp(e)), "alpha": float(alpha), "beta": float(beta)}))


if __name__ == '__main__':
    main()
