#!/usr/bin/env python3
"""
compare_memory.py -- puts Recur's `grid-memory` JSON beside torch_peak_memory.py's (schema rnn-memory/1).

    python3 compare_memory.py OURS.json TORCH.json [TORCH2.json ...] [--modes train,infer]
    python3 compare_memory.py OURS.json TORCH.json --markdown --extra servergc=OURS_SERVER.json

Several files per side may be given comma-separated (OURS_r1.json,OURS_r2.json): per case the median of their
peaks is used. Cases match on (name, mode). Figures are MiB of resident memory above each process's baseline after
setup (see the scripts); ratio = ours / torch, so > 1 means Recur needs MORE memory (flagged "HIGHER").
Peaks under --floor MiB (default 1) on both sides are within the noise of the runtimes themselves (page-granular
RSS, lazily mapped runtime code/data) and flagged "~" instead.
"""
import argparse
import json
import math
import statistics


def load(spec):
    runs = []
    for path in spec.split(","):
        with open(path) as f:
            runs.append(json.load(f))
    by = {}
    for run in runs:
        for c in run["cases"]:
            by.setdefault((c["name"], c["mode"]), []).append(c)
    return runs[0], by


def med(cs, key):
    return statistics.median(c[key] for c in cs if key in c)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ours")
    p.add_argument("torch", nargs="+")
    p.add_argument("--modes", default="train,infer")
    p.add_argument("--floor", type=float, default=1.0)
    p.add_argument("--extra", action="append", default=[],
                   help="LABEL=OURS.json: another Recur configuration, shown as a column (its ratio to the first torch file)")
    p.add_argument("--markdown", action="store_true", help="print a markdown table instead")
    a = p.parse_args()
    if a.markdown:
        markdown(a)
        return
    _, ours = load(a.ours)
    tor = [(spec, load(spec)) for spec in a.torch]
    modes = a.modes.split(",")
    head = "%-16s %-5s %9s %9s %10s" % ("case", "mode", "ours MiB", "steady", "alloc/call")
    for i, (spec, (meta, _)) in enumerate(tor):
        head += " | %9s %7s %-6s" % ("torch%d" % (i + 1), "ratio", "")
    print("Peak resident memory of one call above the post-setup baseline (VmHWM - VmRSS), MiB")
    for i, (spec, (meta, _)) in enumerate(tor):
        print("  torch%d = %s (malloc %s)" % (i + 1, spec, meta.get("malloc", "?")))
    print(head)
    ratios = {}
    higher = []
    for mode in modes:
        for key in ours:
            if key[1] != mode:
                continue
            o = ours[key]
            op = med(o, "peak_kib") / 1024
            line = "%-16s %-5s %9.2f %9.2f %10.2f" % (key[0], mode, op, med(o, "peak_steady_kib") / 1024,
                                                    med(o, "alloc_bytes_per_call") / 1048576)
            for i, (spec, (_, t)) in enumerate(tor):
                if key not in t:
                    line += " | %9s %7s %-6s" % ("-", "-", "")
                    continue
                tp = med(t[key], "peak_kib") / 1024
                r = op / tp if tp > 0 else float("inf")
                flag = ""
                if max(op, tp) < a.floor:
                    flag = "~"
                else:
                    ratios.setdefault((i, key[0].split("/")[0].split("-")[0], mode), []).append(r)
                    if r > 1.0:
                        flag = "HIGHER"
                        higher.append((key, i + 1, r))
                line += " | %9.2f %7.2f %-6s" % (tp, r, flag)
            print(line)
    print("\nGeometric mean of ours/torch per group and mode (cases above the %.1f MiB floor):" % a.floor)
    for (i, g, mode), rs in sorted(ratios.items()):
        gm = math.exp(sum(math.log(r) for r in rs) / len(rs)) if all(r > 0 for r in rs) else float("nan")
        print("  torch%d %-6s %-5s %5.2f  (%d cases)" % (i + 1, g, mode, gm, len(rs)))
    print("\nCases where ours is higher (above the floor): %d" % len(higher))
    for key, i, r in higher:
        print("  %s %s vs torch%d: %.2f" % (key[0], key[1], i, r))


def markdown(a):
    _, ours = load(a.ours)
    tor = [load(spec)[1] for spec in a.torch]
    extra = [(e.split("=", 1)[0], load(e.split("=", 1)[1])[1]) for e in a.extra]
    head = "| case | mode | Recur MiB | alloc/call MiB |"
    sep = "|---|---|--:|--:|"
    for i in range(len(tor)):
        head += " torch%d MiB | ratio |" % (i + 1)
        sep += "--:|--:|"
    for label, _ in extra:
        head += " %s MiB | ratio |" % label
        sep += "--:|--:|"
    print(head)
    print(sep)
    for mode in a.modes.split(","):
        for key in ours:
            if key[1] != mode:
                continue
            op = med(ours[key], "peak_kib") / 1024
            row = "| %s | %s | %.2f | %.2f |" % (key[0], mode, op, med(ours[key], "alloc_bytes_per_call") / 1048576)
            tp0 = None
            for t in tor:
                if key in t:
                    tp = med(t[key], "peak_kib") / 1024
                    tp0 = tp if tp0 is None else tp0
                    r = op / tp if tp > 0 else float("inf")
                    mark = "" if max(op, tp) < a.floor or r <= 1 else " **↑**"
                    row += " %.2f | %.2f%s |" % (tp, r, mark)
                else:
                    row += " - | - |"
            for _, e in extra:
                if key in e and tp0:
                    ep = med(e[key], "peak_kib") / 1024
                    row += " %.2f | %.2f |" % (ep, ep / tp0)
                else:
                    row += " - | - |"
            print(row)


if __name__ == "__main__":
    main()
