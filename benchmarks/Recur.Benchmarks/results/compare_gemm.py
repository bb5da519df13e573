import json, statistics, glob, sys
ours = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1]))]
torch = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[2]))]
def med(runs, pred):
    d = {}
    for r in runs:
        for e in r['peak']['entries']:
            if pred(e):
                d.setdefault((e['M'], e['N'], e['K']), []).append(e['median_ms'])
    return {k: statistics.median(v) for k, v in d.items()}
o = med(ours, lambda e: e['kind'] in ('gemm', 'gemm_rnn'))
t = med(torch, lambda e: e['kind'] in ('gemm', 'gemm_rnn') and e['name'].startswith(('torch.mm', 'addmm')))
print(f"{'entry (M x K x N)':22} {'recur ms':>10} {'GFLOP/s':>8} {'torch ms':>10} {'GFLOP/s':>8} {'torch/recur':>11}")
for k in sorted(t, key=lambda k: (k[0]*k[1]*k[2])):
    if k not in o: continue
    M, N, K = k
    fl = 2.0*M*N*K
    print(f"{M}x{K}x{N:<14} {o[k]:10.4f} {fl/o[k]/1e6:8.1f} {t[k]:10.4f} {fl/t[k]/1e6:8.1f} {t[k]/o[k]:11.2f}")
