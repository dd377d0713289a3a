#!/usr/bin/env python3
"""Draws docs/SCALING.md's curves from measurements.csv (written by
measure.sh) and prints its table.

    python3 chart.py [measurements.csv] [scaling.svg]

For each measured cost it fits a power law, cost = a * events^b, by least
squares on the logarithms (b near 1: linear in the data; below 1: less),
draws the points and the fit on log-log axes, and projects the number of
events at which the cost reaches its goal on this machine and on an 8-core
VM (assumed, per cost: training computes on every core but one, 1 of 2
here and 7 of 8 there, so its goal is met up to SPEEDUP_8_CORES times
later; an import has one writer and a request is
scored on one core, so theirs do not move; memory goals scale with a VM of
MEMORY_8_CORES times the memory). Standard library only.
"""
import csv
import math
import sys

SPEEDUP_8_CORES = 3.0  # 4x the cores of the 2-core machine, not 4x the speed
MEMORY_8_CORES = 4.0   # an 8-core VM with 4x the memory

# column, label, unit, goal on the 2-core machine, how much more of the
# cost an 8-core VM bears at the same goal
METRICS = [
    ("import_events_s", "import of the events", "s", 60, 1),
    ("import_events_peak_mb", "import's peak memory", "MB", 4096, MEMORY_8_CORES),
    ("train_s", "first training", "s", 600, SPEEDUP_8_CORES),
    ("train_peak_mb", "peak memory through training", "MB", 8192, MEMORY_8_CORES),
    ("startup_s", "start-up with the stored model", "s", 5, 1),
    ("p50_ms", "uncached recommendation, p50 (8 clients)", "ms", 2, 1),
    ("wrk_p50_ms", "uncached list of 10, p50 (wrk, 8 connections)", "ms", 2, 1),
    ("serve_rss_mb", "memory while serving (resident)", "MB", 3072, MEMORY_8_CORES),
    ("serve_anon_mb", "memory while serving (anonymous)", "MB", 3072, MEMORY_8_CORES),
]

COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999999", "#882255"]


def fit(xs, ys):
    """Least-squares power law through (xs, ys): returns (a, b)."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    n = len(lx)
    mx, my = sum(lx) / n, sum(ly) / n
    sxx = sum((x - mx) ** 2 for x in lx)
    if n < 2 or sxx == 0:
        return None
    b = sum((x - mx) * (y - my) for x, y in zip(lx, ly)) / sxx
    return math.exp(my - b * mx), b


def reach(a, b, goal):
    """The events at which a * events^b reaches goal (None if never: a
    cost that does not grow, within the noise of one run per size)."""
    if b < 0.05:
        return None
    return (goal / a) ** (1 / b)


def human(n):
    for unit, div in (("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= div:
            return f"{n / div:.3g}{unit}"
    return f"{n:.3g}"


def svg(rows, series):
    w, h, left, right, top, bottom = 980, 440, 70, 470, 20, 50
    xs = [r["events"] for r in rows]
    ys = [v for _, _, pts, _ in series for _, v in pts]
    x0, x1 = math.log10(min(xs)) - 0.1, math.log10(max(xs)) + 0.1
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if y1 == y0:
        y1 += 1
    px = lambda x: left + (math.log10(x) - x0) / (x1 - x0) * (w - left - right)
    py = lambda y: h - bottom - (math.log10(y) - y0) / (y1 - y0) * (h - top - bottom)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="#fff"/>']
    for e in range(y0, y1 + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{left}" x2="{w - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e7e5e4"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{human(10 ** e)}</text>')
    for x in sorted(set(xs)):
        out.append(f'<text x="{px(x):.1f}" y="{h - bottom + 16}" text-anchor="middle">{human(x)}</text>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 12}" text-anchor="middle">events (log scale)</text>')
    out.append(f'<text x="14" y="{(top + h - bottom) / 2}" transform="rotate(-90 14 {(top + h - bottom) / 2})" '
               'text-anchor="middle">cost, in its unit (log scale)</text>')
    for k, (label, unit, pts, f) in enumerate(series):
        c = COLOURS[k % len(COLOURS)]
        if f:
            a, b = f
            xa, xb = min(xs), max(xs)
            out.append(f'<line x1="{px(xa):.1f}" y1="{py(a * xa ** b):.1f}" x2="{px(xb):.1f}" y2="{py(a * xb ** b):.1f}" '
                       f'stroke="{c}" stroke-dasharray="4 3"/>')
        for x, v in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="3.5" fill="{c}"/>')
        ly = top + 14 + 18 * k
        exp = f" (events^{f[1]:.2f})" if f else ""
        out.append(f'<circle cx="{w - right + 16}" cy="{ly - 4}" r="4" fill="{c}"/>')
        out.append(f'<text x="{w - right + 26}" y="{ly}">{label}, {unit}{exp}</text>')
    out.append("</svg>")
    return "\n".join(out)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "measurements.csv"
    dst = sys.argv[2] if len(sys.argv) > 2 else "scaling.svg"
    with open(src, newline="") as f:
        rows = [r for r in csv.DictReader(f)]
    for r in rows:
        r["events"] = float(r["events"])
    print("| cost | " + " | ".join(human(r["events"]) + " events" for r in rows) +
          " | grows as | goal | reached at (2 cores) | reached at (8 cores, assumed) |")
    print("|---" * (len(rows) + 5) + "|")
    series = []
    for col, label, unit, goal, scale8 in METRICS:
        pts = [(r["events"], float(r[col])) for r in rows if r.get(col) not in (None, "")]
        pts = [(x, v) for x, v in pts if v > 0]
        if not pts:
            continue
        f = fit([x for x, _ in pts], [v for _, v in pts])
        series.append((label, unit, pts, f))
        cells = [f"{float(r[col]):.3g}" if r.get(col) else "" for r in rows]
        grows = f"events^{f[1]:.2f}" if f else ""
        at2 = at8 = ""
        if f and goal:
            r2, r8 = reach(*f, goal), reach(*f, goal * scale8)
            last = pts[-1][1]
            at2 = human(r2) if r2 else ("already" if last > goal else "never")
            at8 = human(r8) if r8 else ("already" if last > goal * scale8 else "never")
        print(f"| {label} ({unit}) | " + " | ".join(cells) + f" | {grows} | {goal} | {at2} | {at8} |")
    with open(dst, "w") as f:
        f.write(svg(rows, series) + "\n")


if __name__ == "__main__":
    main()
