#!/usr/bin/env python3
"""cg-diff.py — one request's inclusive cost per function, from bench/callgrind.sh's two
runs (WARM requests and WARM+N): (full - warm) / N for each function, largest first.
   bench/cg-diff.py WARM.out FULL.out N [TOP]"""
import re, subprocess, sys

def inclusive(path):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", path],
                         capture_output=True, text=True).stdout
    costs = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(\S+)", line)
        if not m:
            continue
        name = m.group(2).split(":", 1)[-1]
        if "'" in name or name.startswith("0x"):
            continue  # recursion cycles and unnamed addresses
        costs[name] = max(costs.get(name, 0), int(m.group(1).replace(",", "")))
    return costs

warm, full, n = inclusive(sys.argv[1]), inclusive(sys.argv[2]), int(sys.argv[3])
top = int(sys.argv[4]) if len(sys.argv) > 4 else 30
rows = sorted(((full[k] - warm.get(k, 0)) / n, k) for k in full)
for cost, name in reversed(rows[-top:]):
    print(f"{cost:12,.0f}  {name}")
