#!/usr/bin/env python3
"""Independent check of the Epoch model in server/forecast/epoch-*.ts (numpy only).

Structured differently from the TypeScript on purpose: every one of the seven stock factors is
drawn on its own (the TS model merges them into one normal), stock and demand come from separate
random streams, and exhaustion is read as Epoch reads it, from p(y) = P(D(y) >= S(y)) on a fine
grid of years, not from per-draw crossing years. The inputs are typed in here from the paper
(docs/FORECAST.md lists them); only the 80-model CSV and the compute table are read from
clickhouse/seed/. Writes bench/results/epoch-check.json, which server/forecast/epoch-check.spec.ts
compares the TS model with.

Run: python3 bench/epoch-check/check.py
"""
import csv
import json
import os
import sys
from datetime import date

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
rng = np.random.default_rng(20240709)
N = 100_000
STEP = 0.05  # years; p(y) is interpolated linearly between grid points
Z = {95: 1.959963984540054, 90: 1.6448536269514722}


def lognormal(lo, hi, cred, n):
    mu = (np.log(lo) + np.log(hi)) / 2
    sd = (np.log(hi) - np.log(lo)) / (2 * Z[cred])
    return np.exp(rng.normal(mu, sd, n))


# --- Stock (src/indexed_web.py, src/stock_adjust.py) ---
pages = lognormal(75e9, 1e12, 95, N)
bpp = lognormal(6100, 8200, 95, N)
bpt = np.maximum(1.0, 6 - lognormal(1, 4, 95, N))  # a token is at least one byte (as the TS model)
size_g = lognormal(1.02, 1.04, 95, N)
count_g = lognormal(1.0, 1.1, 95, N)
quality = lognormal(0.1, 0.4, 95, N)
rep = lognormal(2, 5, 95, N)
raw = pages * bpp / bpt
eff = raw * quality * rep
g = size_g * count_g

# --- Historical demand: own bootstrap of the 80 models ---
days, logs, cdays, clogs = [], [], [], []
with open(os.path.join(ROOT, 'clickhouse/seed/epoch_dataset_sizes.csv')) as f:
    for r in csv.DictReader(f):
        d = date.fromisoformat(r['date'])
        if d <= date(2010, 1, 1):
            continue
        x = (d - date(2024, 1, 1)).days
        days.append(x)
        logs.append(np.log10(float(r['dataset']) * 4 / 5))
        if r['comp']:
            cdays.append(x)
            clogs.append(np.log10(float(r['comp'])))
days, logs, cdays, clogs = map(np.array, (days, logs, cdays, clogs))


def boot_slopes(x, y, n=10_000):
    idx = rng.integers(0, len(x), (n, len(x)))
    xs, ys = x[idx], y[idx]
    xm, ym = xs.mean(1, keepdims=True), ys.mean(1, keepdims=True)
    return 365 * ((xs - xm) * (ys - ym)).sum(1) / ((xs - xm) ** 2).sum(1)


slopes = boot_slopes(days, logs)
s_lo, s_hi = np.quantile(slopes, [0.025, 0.975])
cslopes = boot_slopes(cdays, clogs)
c_lo, c_hi = np.quantile(cslopes, [0.05, 0.95])

M = N  # demand draws
level = lognormal(3e12, 13e12, 90, M)
growth = 10 ** rng.normal((s_lo + s_hi) / 2, (s_hi - s_lo) / (2 * Z[95]), M)

# --- Compute demand: Besiroglu et al. (2022) Table 1 ---
tab = np.array([[2025, 25.90, 25.33, 26.14], [2030, 28.67, 26.71, 29.47], [2040, 32.42, 29.27, 34.71], [2050, 35.26, 31.78, 38.86]])
zc = rng.standard_normal(M)


def interp_ext(y, xs, vs):
    """Linear interpolation, first and last segments extended."""
    if y <= xs[1]:
        return vs[0] + (y - xs[0]) * (vs[1] - vs[0]) / (xs[1] - xs[0])
    if y >= xs[-2]:
        return vs[-2] + (y - xs[-2]) * (vs[-1] - vs[-2]) / (xs[-1] - xs[-2])
    return np.interp(y, xs, vs)


def log10_compute(y):
    m = interp_ext(y, tab[:, 0], tab[:, 1])
    lo = interp_ext(y, tab[:, 0], tab[:, 2])
    hi = interp_ext(y, tab[:, 0], tab[:, 3])
    return m + zc * np.where(zc >= 0, (hi - m) / Z[95], (m - lo) / Z[95])


def demand(branch, y, k):
    t = y - 2024
    over = np.sqrt(k)
    if branch == 'historical':
        return level * growth ** t * over
    c = 10 ** log10_compute(y)
    return 20 * np.sqrt(c / 120) * over


def p_exhausted(branch, y, k):
    s = eff * g ** (y - 2024)
    if branch == 'pooled':
        return 0.5 * (p_exhausted('historical', y, k) + p_exhausted('compute', y, k))
    d = demand(branch, y, k)
    # P(D >= S) for independent D and S: S sorted, each D counts the stocks below it.
    return np.searchsorted(np.sort(s), d, side='right').mean() / len(s)


def quantiles(branch, k):
    grid = np.arange(2024.0, 2045.0, STEP)
    p = np.array([p_exhausted(branch, y, k) for y in grid])
    out = {}
    for q, name in [(0.1, 'p10'), (0.5, 'median'), (0.9, 'p90')]:
        i = np.searchsorted(p, q)
        out[name] = None if i >= len(p) else float(grid[i - 1] + (q - p[i - 1]) * STEP / (p[i] - p[i - 1]))
    return out


def pct(a, q):
    return float(np.quantile(a, q))


result = {
    'generated_by': 'bench/epoch-check/check.py',
    'draws': N,
    'stock_2024': {
        'raw': {'p2_5': pct(raw, 0.025), 'p50': pct(raw, 0.5), 'p97_5': pct(raw, 0.975)},
        'effective': {'p5': pct(eff, 0.05), 'p50': pct(eff, 0.5), 'p95': pct(eff, 0.95)},
        'growth': {'p5': pct(g, 0.05), 'p50': pct(g, 0.5), 'p95': pct(g, 0.95)},
    },
    'demand_growth_oom': {'p2_5': float(s_lo), 'p50': float(np.median(slopes)), 'p97_5': float(s_hi)},
    'compute_growth_oom': {'p5': float(c_lo), 'p95': float(c_hi)},
    'exhaustion': {f'{b}_{k}x': quantiles(b, k) for b in ['historical', 'compute', 'pooled'] for k in [1, 5]},
}
out = os.path.join(ROOT, 'bench/results/epoch-check.json')
with open(out, 'w') as f:
    json.dump(result, f, indent=2)
    f.write('\n')
json.dump(result, sys.stdout, indent=2)
