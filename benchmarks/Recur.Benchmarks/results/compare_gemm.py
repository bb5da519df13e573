# Usage (from this folder): python3 compare_gemm.py "recur_gemm_t2_r*.json" ["torch_*.json"]
# Median over the Recur runs per entry, next to the recorded torch baselines (/work/shared/bench/results)
# and a live torch run; %216 = share of this host's 2-core Vector512 FMA ceiling.
import json, statistics, glob, sys
runs = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1]))]
tuned = {(e['M'],e['N'],e['K']): e for e in json.load(open('/work/shared/bench/results/torch_t2_tuned.json'))['peak']['entries'] if e['kind'].startswith('gemm') and e['name'].startswith(('torch.mm','addmm'))}
default = {(e['M'],e['N'],e['K']): e for e in json.load(open('/work/shared/bench/results/torch_t2_default.json'))['peak']['entries'] if e['kind'].startswith('gemm') and e['name'].startswith(('torch.mm','addmm'))}
live = {}
for f in sorted(glob.glob(sys.argv[2] if len(sys.argv) > 2 else 'torch_refblas_quick_r*.json')):
    for e in json.load(open(f))['peak']['entries']:
        if e['kind'].startswith('gemm') and e['name'].startswith(('torch.mm','addmm')):
            live.setdefault((e['M'],e['N'],e['K']), []).append(e['median_ms'])
names = [e['name'] for e in runs[0]['peak']['entries']]
print(f"{'entry':28} {'recur med ms':>12} {'GFLOP/s':>8} {'%216':>5} | {'torch-tuned ms':>14} {'ratio':>6} | {'torch-def ms':>12} {'ratio':>6} | {'torch-live ms':>13}")
for i, name in enumerate(names):
    es = [r['peak']['entries'][i] for r in runs]
    med = statistics.median(e['median_ms'] for e in es)
    e0 = es[0]
    key = (e0['M'], e0['N'], e0['K'])
    gf = 2.0*e0['M']*e0['N']*e0['K']/(med*1e6)
    t = tuned.get(key); d = default.get(key); l = live.get(key)
    ts = f"{t['median_ms']:14.4f} {t['median_ms']/med:6.2f}" if t else f"{'':14} {'':6}"
    ds = f"{d['median_ms']:12.4f} {d['median_ms']/med:6.2f}" if d else f"{'':12} {'':6}"
    ls = f"{statistics.median(l):13.3f}" if l else ""
    print(f"{name:28} {med:12.5f} {gf:8.1f} {100*gf/216:5.0f} | {ts} | {ds} | {ls}")
