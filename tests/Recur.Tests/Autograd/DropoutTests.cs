using Xunit;

namespace Recur.Tests.Autograd;

/// <summary>Inverted dropout: counter-based masks, scaling and eval-mode identity.</summary>
public sealed class DropoutTests
{
    [Fact]
    public void SameSeedSameMaskDifferentSeedDifferentMask()
    {
        Tensor x = Tensor.Ones(1000);
        float[] a = x.Dropout(0.3f, 42).ToArray();
        float[] b = x.Dropout(0.3f, 42).ToArray();
        float[] c = x.Dropout(0.3f, 43).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void MaskDependsOnlyOnSeedAndIndex()
    {
        // A prefix of a longer tensor gets the same keep decisions.
        float[] small = Tensor.Ones(50).Dropout(0.5f, 7).ToArray();
        float[] large = Tensor.Ones(500).Dropout(0.5f, 7).ToArray();
        Assert.Equal(small, large[..50]);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void KeepRatioAndScale(float p)
    {
        const int n = 20000;
        float[] y = Tensor.Full(2f, n).Dropout(p, 5).ToArray();
        int kept = 0;
        float scaled = 2f / (1f - p);
        foreach (float v in y)
        {
            if (v != 0f)
            {
                kept++;
                Assert.Equal(scaled, v, 5);
            }
        }

        double ratio = (double)kept / n;
        double sigma = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange(ratio, 1 - p - 5 * sigma, 1 - p + 5 * sigma);
    }

    [Fact]
    public void EvalModeAndZeroProbabilityAreIdentity()
    {
        Tensor x = GradCheck.Leaf(1, -1f, 1f, 3, 4);
        Assert.Same(x, x.Dropout(0.5f, 1, training: false));
        Assert.Same(x, x.Dropout(0f, 1));
    }

    [Fact]
    public void GradientIsTheMask()
    {
        Tensor x = GradCheck.Leaf(2, 1f, 2f, 200);
        Tensor y = x.Dropout(0.25f, 9);
        y.Sum().Backward();
        float[] g = x.Grad!.ToArray();
        float[] yv = y.ToArray();
        for (int i = 0; i < g.Length; i++)
        {
            Assert.Equal(yv[i] == 0f ? 0f : 1f / 0.75f, g[i], 5);
        }
    }
}
