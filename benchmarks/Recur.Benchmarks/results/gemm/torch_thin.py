import os, sys, json, statistics, time, gc
os.environ.pop("OPENBLAS_CORETYPE", None)      # = --openblas-coretype auto
os.environ["OPENBLAS_NUM_THREADS"] = "2"; os.environ["OMP_NUM_THREADS"] = "1"; os.environ["MKL_NUM_THREADS"] = "1"
import torch
torch.set_num_threads(1)
def time_calls(fn, tgt):
    gc.collect(); gc.disable()
    t0 = time.perf_counter(); n = 0
    while n < 2 or (time.perf_counter() - t0 < 0.2 and n < 50): fn(); n += 1
    ts = []; s = time.perf_counter()
    while len(ts) < 5 or (time.perf_counter() - s < tgt and len(ts) < 400):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    gc.enable(); return ts
out = {}
for (m, k, n) in [(1, 32, 128), (32, 64, 256), (32, 128, 512), (64, 256, 1024), (16, 512, 2048), (64, 512, 2048), (32, 1024, 4096), (64, 1024, 4096)]:
    torch.manual_seed(0)
    h = torch.randn(m, k); w = torch.randn(n, k); b = torch.randn(n); o = torch.empty(m, n); wt = w.t()
    ts = time_calls(lambda: torch.addmm(b, h, wt, out=o), 0.3)
    out["%dx%dx%d" % (m, k, n)] = statistics.median(ts) * 1e3
print(json.dumps(out))
