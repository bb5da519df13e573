using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>The Adam moment and parameter update shared by <see cref="Adam"/> and <see cref="AdamW"/> (PyTorch 1.13 order).</summary>
internal static class AdamMath
{
    /// <summary>
    /// Per element, with g = grad + coupledDecay·p when <paramref name="coupledDecay"/> ≠ 0 (Adam's L2), else g = grad:
    /// m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; denom = sqrt(v)/sqrt(1 − β2^s) + eps;
    /// p −= (lr/(1 − β1^s))·m/denom; with AMSGrad (non-empty <paramref name="vMax"/>), vMax = max(vMax, v) replaces v in
    /// denom. Runs over chunks of <see cref="Optimizer.ChunkLength"/> elements (the updates are element-wise, so the
    /// values do not depend on it); <paramref name="scratch"/> holds 2 · ChunkLength floats.
    /// </summary>
    public static void Update(
        Span<float> p, ReadOnlySpan<float> grad, double coupledDecay, Span<float> m, Span<float> v, Span<float> vMax, Span<float> scratch,
        double lr, double beta1, double beta2, double eps, long step)
    {
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
        const int chunk = Optimizer.ChunkLength;
        for (int o = 0; o < p.Length; o += chunk)
        {
            int n = Math.Min(chunk, p.Length - o);
            Span<float> pc = p.Slice(o, n);
            Span<float> mc = m.Slice(o, n);
            Span<float> vc = v.Slice(o, n);
            Span<float> tmp = scratch[..n];
            ReadOnlySpan<float> g = grad.Slice(o, n);
            if (coupledDecay != 0)
            {
                Span<float> decayed = scratch.Slice(chunk, n);
                TensorPrimitives.MultiplyAdd(pc, (float)coupledDecay, g, decayed);
                g = decayed;
            }

            TensorPrimitives.Multiply(mc, (float)beta1, mc);
            TensorPrimitives.MultiplyAdd(g, (float)(1 - beta1), mc, mc);
            TensorPrimitives.Multiply(vc, (float)beta2, vc);
            TensorPrimitives.Multiply(g, g, tmp);
            TensorPrimitives.MultiplyAdd(tmp, (float)(1 - beta2), vc, vc);
            Span<float> vm = vMax.IsEmpty ? default : vMax.Slice(o, n);
            if (!vm.IsEmpty)
            {
                TensorPrimitives.Max(vm, vc, vm);
            }

            TensorPrimitives.Sqrt(vm.IsEmpty ? vc : vm, tmp);
            TensorPrimitives.Divide(tmp, (float)biasCorrection2Sqrt, tmp);
            TensorPrimitives.Add(tmp, (float)eps, tmp);
            TensorPrimitives.Divide(mc, tmp, tmp);
            TensorPrimitives.MultiplyAdd(tmp, (float)-stepSize, pc, pc);
        }
    }

    /// <summary>Checks Adam's hyper-parameters, naming the offending argument.</summary>
    public static void Check(string owner, double beta1, double beta2, double eps, double weightDecay)
    {
        OptimChecks.UnitHalfOpen(owner, nameof(beta1), beta1);
        OptimChecks.UnitHalfOpen(owner, nameof(beta2), beta2);
        OptimChecks.NonNegative(owner, nameof(eps), eps);
        OptimChecks.NonNegative(owner, nameof(weightDecay), weightDecay);
    }
}
