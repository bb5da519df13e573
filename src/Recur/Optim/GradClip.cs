namespace Recur.Optim;

/// <summary>Gradient clipping (PyTorch <c>clip_grad_norm_</c> and <c>clip_grad_value_</c>). Parameters without a gradient are skipped.</summary>
public static class GradClip
{
    /// <summary>
    /// Scales all gradients together so that their joint p-norm is at most <paramref name="maxNorm"/>:
    /// total = ‖concat(grads)‖_p (max |g| for p = +∞), coef = min(1, maxNorm/(total + 1e-6)), g *= coef.
    /// </summary>
    /// <param name="parameters">Tensors whose <see cref="Tensor.Grad"/> is clipped in place.</param>
    /// <param name="maxNorm">The largest allowed norm (≥ 0).</param>
    /// <param name="normType">p (&gt; 0, or <see cref="float.PositiveInfinity"/>; default 2).</param>
    /// <returns>The total norm before clipping (0 when no parameter has a gradient).</returns>
    /// <exception cref="ArgumentOutOfRangeException">maxNorm &lt; 0 or normType ≤ 0.</exception>
    public static float ClipGradNorm(IEnumerable<Tensor> parameters, float maxNorm, float normType = 2f)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        OptimChecks.NonNegative(nameof(ClipGradNorm), nameof(maxNorm), maxNorm);
        OptimChecks.Positive(nameof(ClipGradNorm), nameof(normType), normType);
        List<Tensor> grads = [.. parameters.Select(static p => p.Grad).OfType<Tensor>()];
        if (grads.Count == 0)
        {
            return 0f;
        }

        double total;
        if (float.IsPositiveInfinity(normType))
        {
            total = 0;
            foreach (Tensor g in grads)
            {
                foreach (float v in g.AsReadOnlySpan())
                {
                    double a = Math.Abs((double)v);
                    total = double.IsNaN(a) || a > total ? a : total;
                }
            }
        }
        else
        {
            double sum = 0;
            foreach (Tensor g in grads)
            {
                foreach (float v in g.AsReadOnlySpan())
                {
                    double a = Math.Abs((double)v);
                    sum += normType == 2f ? a * a : normType == 1f ? a : Math.Pow(a, normType);
                }
            }

            total = normType == 2f ? Math.Sqrt(sum) : normType == 1f ? sum : Math.Pow(sum, 1.0 / normType);
        }

        float totalNorm = (float)total;
        float coef = Math.Min(1f, maxNorm / (totalNorm + 1e-6f));
        if (coef < 1f || float.IsNaN(coef))
        {
            foreach (Tensor g in grads)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(g.AsReadOnlySpan(), coef, g.AsSpan());
            }
        }

        return totalNorm;
    }

    /// <summary>Clamps every gradient element to [−clipValue, clipValue] in place.</summary>
    /// <param name="parameters">Tensors whose <see cref="Tensor.Grad"/> is clipped.</param>
    /// <param name="clipValue">The bound (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">clipValue &lt; 0.</exception>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, float clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        OptimChecks.NonNegative(nameof(ClipGradValue), nameof(clipValue), clipValue);
        foreach (Tensor p in parameters)
        {
            if (p.Grad is { } g)
            {
                Span<float> s = g.AsSpan();
                System.Numerics.Tensors.TensorPrimitives.Clamp(s, -clipValue, clipValue, s);
            }
        }
    }
}
