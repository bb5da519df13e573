#!/usr/bin/env python3
"""
torch_peak_memory.py -- peak resident memory of one PyTorch training step (and inference call) per grid case of
../shared/bench/torch_rnn_bench.py, the counterpart of `Recur.Benchmarks grid-memory` (GridMemory.cs).

    /usr/bin/python3 torch_peak_memory.py --out torch_memory_default.json
    /usr/bin/python3 torch_peak_memory.py --malloc tuned --out torch_memory_tuned.json
    /usr/bin/python3 torch_peak_memory.py --cases tiny-a,large-a/lstm --modes train,infer

Every case runs in its own child process (this script again with --one-case NAME --mode M). The child imports
torch_rnn_bench.py (found through --bench-dir, default /work/shared/bench) with its own command line
(--threads N --malloc M), so the thread layout, the malloc setting, the sizes, the variants and build_model() are
the benchmark's own; the training step is the one of torch_rnn_bench.run_case, verbatim:

    opt.zero_grad(set_to_none=True); out, _ = model(x); loss = F.mse_loss(out, target); loss.backward(); opt.step()

with x = randn(T, B, I), target = randn(T, B, dirs*H), Adam lr 1e-3 (infer: `with torch.no_grad(): model(x)`).

Measurement, identical to the C# side: a warm-up of the same variant at a small size (>= 60 calls and >= 1 s), then
gc.collect(); the case is built (model, x, target; the optimizer is built inside the first call, after the baseline,
as on the C# side, where Adam allocates a scratch buffer at construction); gc.collect(); baseline = VmRSS. The peak resident set (VmHWM) is reset through
/proc/self/clear_refs (write "5"), 2 warm-up calls run, VmHWM is read (peak_first); it is reset again, --steps calls
run, VmHWM is read (peak_steady). The measurement's own calls (reset, /proc reads) run twice before the baseline on
both sides, so that their first use is not counted as the case's. Reported: the peaks minus the baseline (KiB), so that the interpreter, torch
itself, the model and the inputs are not counted.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args():
    p = argparse.ArgumentParser(description="peak memory of torch RNN training steps")
    p.add_argument("--bench-dir", default=os.environ.get("RECUR_TORCH_BENCH_DIR", "/work/shared/bench"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--malloc", choices=("default", "tuned"), default="default")
    p.add_argument("--cases", default=None, help="comma-separated selectors as in torch_rnn_bench.py")
    p.add_argument("--modes", default="train")
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--out", default=None)
    p.add_argument("--one-case", default=None, help=argparse.SUPPRESS)
    p.add_argument("--mode", default="train", help=argparse.SUPPRESS)
    return p.parse_args()


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError("no %s in /proc/self/status" % field)


def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def one_case(args):
    # torch_rnn_bench parses sys.argv at import and sets the thread / malloc environment before torch loads.
    sys.argv = ["torch_rnn_bench.py", "--threads", str(args.threads), "--malloc", args.malloc]
    sys.path.insert(0, args.bench_dir)
    import gc
    import torch_rnn_bench as tb
    import torch
    import torch.nn.functional as F

    size_id, vkey = args.one_case.split("/")
    size = next(s for s in tb.SIZES if s["id"] == size_id)
    vkey, cell, bidir, layers = next(v for v in tb.VARIANTS if v[0] == vkey)
    c = dict(name=args.one_case, group=size["group"], variant=vkey, cell=cell, bidirectional=bidir,
             layers=layers, T=size["T"], B=size["B"], I=size["I"], H=size["H"], mode=args.mode)
    dirs = 2 if bidir else 1
    train = args.mode == "train"

    def make(cc):
        model = tb.build_model(cc)
        x = torch.randn(cc["T"], cc["B"], cc["I"])
        if not train:
            model.eval()

            def fn():
                with torch.no_grad():
                    model(x)
            return fn, (model, x)
        model.train()
        target = torch.randn(cc["T"], cc["B"], dirs * cc["H"])
        opt = None

        def fn():
            nonlocal opt
            if opt is None:  # built on the first call, after the baseline (as the C# side)
                opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            opt.zero_grad(set_to_none=True)
            out, _ = model(x)
            loss = F.mse_loss(out, target)
            loss.backward()
            opt.step()
        return fn, (model, x, target)

    # warm-up of the same variant at a small size (autograd engine, allocator, lazy initialisation)
    torch.manual_seed(0)
    small = dict(c, T=8, B=4, I=4, H=32)
    fn, keep = make(small)
    t0 = time.perf_counter()
    n = 0
    while n < 60 or time.perf_counter() - t0 < 1.0:
        fn()
        n += 1
    del fn, keep
    # the measurement's own calls once before the baseline, as on the C# side (WarmUpMeasurement)
    for _ in range(2):
        reset_peak()
        status_kib("VmHWM")
        status_kib("VmRSS")
    gc.collect()

    torch.manual_seed(0)
    fn, keep = make(c)
    gc.collect()
    gc.disable()  # as torch_rnn_bench.time_calls
    rss_base = status_kib("VmRSS")
    reset_peak()
    for _ in range(2):
        fn()
    hwm_first = status_kib("VmHWM")
    rss_first = status_kib("VmRSS")
    reset_peak()
    for _ in range(args.steps):
        fn()
    hwm_steady = status_kib("VmHWM")
    rss_after = status_kib("VmRSS")
    r = dict(c)
    r.update(steps=args.steps, rss_baseline_kib=rss_base, peak_first_kib=hwm_first - rss_base,
             peak_steady_kib=hwm_steady - rss_base, peak_kib=max(hwm_first, hwm_steady) - rss_base,
             rss_after_first_kib=rss_first - rss_base, rss_after_kib=rss_after - rss_base,
             malloc=tb.MALLOC_NOTE, torch_version=torch.__version__)
    print(json.dumps(r))


def select(args):
    sys.argv = ["torch_rnn_bench.py", "--threads", str(args.threads)]
    sys.path.insert(0, args.bench_dir)
    import fnmatch
    import torch_rnn_bench as tb
    sel = [s.strip() for s in args.cases.split(",")] if args.cases else None
    out = []
    for size in tb.SIZES:
        for (vkey, _cell, _bidir, _layers) in tb.VARIANTS:
            name = "%s/%s" % (size["id"], vkey)
            if sel is not None and not any(tok in (size["group"], size["id"], vkey) or fnmatch.fnmatch(name, tok)
                                           for tok in sel):
                continue
            for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
                out.append((name, mode))
    return out


def main():
    args = parse_args()
    if args.one_case:
        one_case(args)
        return
    cases = []
    t0 = time.perf_counter()
    for (name, mode) in select(args):
        cmd = [sys.executable, os.path.abspath(__file__), "--one-case", name, "--mode", mode,
               "--threads", str(args.threads), "--malloc", args.malloc, "--steps", str(args.steps),
               "--bench-dir", args.bench_dir]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        cases.append(r)
        print("%-18s %-5s peak +%9.2f MiB (first %9.2f, steady %9.2f)" % (
            name, mode, r["peak_kib"] / 1024, r["peak_first_kib"] / 1024, r["peak_steady_kib"] / 1024),
            file=sys.stderr, flush=True)
    res = dict(schema="rnn-memory/1", impl="pytorch (%s)" % (cases[0]["torch_version"] if cases else "?"),
               threads=args.threads, steps=args.steps, malloc=args.malloc,
               timestamp=time.strftime("%Y-%m-%dT%H:%M:%S"),
               method="per case a child process; baseline = VmRSS after warm-up at a small size, model/input/target "
                      "setup and gc.collect(), before the optimizer is built; peak_first = VmHWM over the first 2 calls - baseline; peak_steady = VmHWM over "
                      "the next `steps` calls (HWM reset via /proc/self/clear_refs) - baseline; peak = max of the two",
               cases=cases, elapsed_s=round(time.perf_counter() - t0, 1))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(res, f, indent=1)
        print("wrote %s" % args.out, file=sys.stderr)
    else:
        print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
