using Recur.Autograd;
using Xunit;

namespace Recur.Tests.Autograd;

/// <summary>
/// Finite-difference gradient checking for float32 autograd operations.
/// The scalar checked is L = Σ f(inputs) ⊙ W with a fixed random W (so every output element matters);
/// the analytic gradient from <see cref="Tensor.Backward"/> is compared with central differences
/// (L(x + ε) − L(x − ε)) / 2ε, accumulated in double.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Checks d(Σ f(inputs)·W)/d(input) for every input that has RequiresGrad set.
    /// Inputs are modified in place during the check and restored afterwards.
    /// </summary>
    public static void Check(
        Func<Tensor[], Tensor> f,
        Tensor[] inputs,
        float eps = 1e-2f,
        double rtol = 1e-2,
        double atol = 1e-3,
        ulong seed = 12345)
    {
        foreach (Tensor t in inputs)
        {
            t.ZeroGrad();
        }

        Tensor y = f(inputs);
        Tensor w = Tensor.Uniform(seed, -1f, 1f, y.Shape);
        y.Backward(w);

        for (int n = 0; n < inputs.Length; n++)
        {
            Tensor x = inputs[n];
            if (!x.RequiresGrad)
            {
                continue;
            }

            Assert.True(x.Grad is not null, $"input {n}: no gradient was computed");
            float[] analytic = x.Grad!.ToArray();
            Span<float> data = x.AsSpan();
            for (int i = 0; i < data.Length; i++)
            {
                float saved = data[i];
                data[i] = saved + eps;
                double plus = Weighted(f, inputs, w);
                data[i] = saved - eps;
                double minus = Weighted(f, inputs, w);
                data[i] = saved;
                double numeric = (plus - minus) / (2.0 * eps);
                double diff = Math.Abs(analytic[i] - numeric);
                Assert.True(diff <= atol + rtol * Math.Abs(numeric),
                    $"input {n}, element {i}: analytic {analytic[i]:R} vs numeric {numeric:R} (|diff| {diff:E3})");
            }
        }
    }

    private static double Weighted(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor w)
    {
        using NoGradScope scope = GradMode.NoGrad();
        Tensor y = f(inputs);
        ReadOnlySpan<float> yv = y.AsReadOnlySpan();
        ReadOnlySpan<float> wv = w.AsReadOnlySpan();
        double sum = 0;
        for (int i = 0; i < yv.Length; i++)
        {
            sum += (double)yv[i] * wv[i];
        }

        return sum;
    }

    /// <summary>A leaf tensor of uniform values in [low, high) that requires gradients.</summary>
    public static Tensor Leaf(ulong seed, float low, float high, params int[] shape)
    {
        Tensor t = Tensor.Uniform(seed, low, high, shape);
        t.RequiresGrad = true;
        return t;
    }
}
