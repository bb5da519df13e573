using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>The Adam moment and parameter update shared by <see cref="Adam"/> and <see cref="AdamW"/> (PyTorch 1.13 order).</summary>
internal static class AdamMath
{
    /// <summary>
    /// m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; denom = sqrt(v)/sqrt(1 − β2^s) + eps;
    /// p −= (lr/(1 − β1^s))·m/denom; with AMSGrad (non-empty <paramref name="vMax"/>), vMax = max(vMax, v) replaces v in denom. <paramref name="scratch"/> is at least p's length.
    /// </summary>
    public static void Update(
        Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vMax, Span<float> scratch,
        double lr, double beta1, double beta2, double eps, long step)
    {
        Span<float> tmp = scratch[..p.Length];
        TensorPrimitives.Multiply(m, (float)beta1, m);
        TensorPrimitives.MultiplyAdd(g, (float)(1 - beta1), m, m);
        TensorPrimitives.Multiply(v, (float)beta2, v);
        TensorPrimitives.Multiply(g, g, tmp);
        TensorPrimitives.MultiplyAdd(tmp, (float)(1 - beta2), v, v);

        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);

        if (!vMax.IsEmpty)
        {
            TensorPrimitives.Max(vMax, v, vMax);
        }

        TensorPrimitives.Sqrt(vMax.IsEmpty ? v : vMax, tmp);
        TensorPrimitives.Divide(tmp, (float)biasCorrection2Sqrt, tmp);
        TensorPrimitives.Add(tmp, (float)eps, tmp);
        TensorPrimitives.Divide(m, tmp, tmp);
        TensorPrimitives.MultiplyAdd(tmp, (float)-stepSize, p, p);
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
