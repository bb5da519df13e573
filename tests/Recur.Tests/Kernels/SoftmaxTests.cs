using Recur.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Kernels;

/// <summary>
/// Row-wise softmax against a double twin for every cols 0..256 and 1–3 rows. Forward tolerance, relative:
/// 5e-7 + 6e-8·|x − max| (float32 rounds x − max before the exp, as PyTorch does) plus 1e-38 absolute.
/// Backward tolerance, absolute: 2.5e-7·|dx0| + |y|·(2.5e-7·|dy| + 1e-6·Σ|dy·y|).
/// </summary>
public sealed class SoftmaxTests(ITestOutputHelper output)
{
    [Fact]
    public void Forward_EveryColsCount_MatchesReference()
    {
        double worst = 0;
        foreach (int rows in new[] { 1, 2, 3 })
        {
            for (int cols = 0; cols <= 256; cols++)
            {
                int offset = cols % 4;
                float[] x = RowInputs(rows, cols, seed: (rows * 1000) + cols);
                float[] xa = KernelInputs.Padded(x, offset, 7f);
                float[] ya = KernelInputs.Padded(new float[x.Length], 3 - offset, 7f);
                Softmax.Forward(ya.AsSpan(3 - offset, x.Length), xa.AsSpan(offset, x.Length), rows, cols);
                float[] y = ya.AsSpan(3 - offset, x.Length).ToArray();
                worst = Math.Max(worst, CheckForward(x, y, rows, cols));
                Assert.All(ya.AsSpan(0, 3 - offset).ToArray(), v => Assert.Equal(7f, v));
                Assert.All(ya.AsSpan(3 - offset + x.Length).ToArray(), v => Assert.Equal(7f, v));
            }
        }

        output.WriteLine($"Softmax forward: max error / tolerance = {worst:F3}");
    }

    [Fact]
    public void Forward_InPlace_EqualsOutOfPlace()
    {
        foreach (int cols in new[] { 1, 7, 16, 24, 31, 100, 256 })
        {
            float[] x = RowInputs(3, cols, seed: cols);
            float[] expected = new float[x.Length];
            Softmax.Forward(expected, x, 3, cols);
            Softmax.Forward(x, x, 3, cols);
            Assert.Equal(expected, x);
        }
    }

    [Fact]
    public void Forward_HugeInputs_DoNotOverflow()
    {
        float[] x = [1e30f, -1e30f, 0f, 1e30f, 3e38f, 3e38f, -3e38f, 1f, 1000f, 999f, 998f, 1001f];
        float[] y = new float[x.Length];
        Softmax.Forward(y, x, 3, 4);
        Assert.Equal([0.5f, 0f, 0f, 0.5f, 0.5f, 0.5f, 0f, 0f], y[..8]);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        CheckForward(x, y, 3, 4);
    }

    [Fact]
    public void Forward_NonFiniteRow_GivesNaNOnlyInThatRow()
    {
        float[] x = [1f, float.NaN, 2f, 1f, 2f, 3f, float.PositiveInfinity, 0f, 1f];
        float[] y = new float[x.Length];
        Softmax.Forward(y, x, 3, 3);
        Assert.All(y[..3], v => Assert.True(float.IsNaN(v)));
        CheckForward(x[3..6], y[3..6], 1, 3);
        Assert.All(y[6..], v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Forward_NaNOrInfinityInAVectorLane_GivesNaNRow()
    {
        foreach (int cols in new[] { 9, 20, 40, 100 })
        {
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
            {
                float[] x = RowInputs(2, cols, seed: cols);
                x[cols / 2] = bad;
                float[] y = new float[x.Length];
                Softmax.Forward(y, x, 2, cols);
                Assert.All(y[..cols], v => Assert.True(float.IsNaN(v)));
                CheckForward(x[cols..], y[cols..], 1, cols);
                LogSoftmax.Forward(y, x, 2, cols);
                Assert.All(y[..cols], v => Assert.True(float.IsNaN(v)));
                Assert.All(y[cols..], v => Assert.True(float.IsFinite(v)));
            }
        }
    }

    [Fact]
    public void Backward_EveryColsCount_AccumulatesReferenceGradient()
    {
        double worst = 0;
        foreach (int rows in new[] { 1, 3 })
        {
            for (int cols = 0; cols <= 256; cols++)
            {
                float[] x = RowInputs(rows, cols, seed: 50 + cols);
                float[] y = new float[x.Length];
                Softmax.Forward(y, x, rows, cols);
                float[] dy = KernelInputs.Uniform(x.Length, seed: 60 + cols, -2, 2);
                float[] dx0 = KernelInputs.Uniform(x.Length, seed: 70 + cols, -1, 1);
                int offset = cols % 4;
                float[] dxa = KernelInputs.Padded(dx0, offset, 9f);
                Softmax.Backward(dxa.AsSpan(offset, x.Length), y, dy, rows, cols);
                for (int r = 0; r < rows; r++)
                {
                    double dot = 0;
                    double absDot = 0;
                    for (int j = 0; j < cols; j++)
                    {
                        dot += (double)dy[(r * cols) + j] * y[(r * cols) + j];
                        absDot += Math.Abs((double)dy[(r * cols) + j] * y[(r * cols) + j]);
                    }

                    for (int j = 0; j < cols; j++)
                    {
                        int i = (r * cols) + j;
                        double expected = dx0[i] + (y[i] * (dy[i] - dot));
                        double tolerance = (2.5e-7 * Math.Abs(dx0[i])) + (y[i] * ((2.5e-7 * Math.Abs(dy[i])) + (1e-6 * absDot))) + 1e-38;
                        double error = Math.Abs(dxa[offset + i] - expected);
                        if (!(error <= tolerance))
                        {
                            Assert.Fail($"rows={rows} cols={cols} ({r},{j}): expected {expected:R}, got {dxa[offset + i]:R}, error {error:E3} > {tolerance:E3}");
                        }
                        worst = Math.Max(worst, error / tolerance);
                    }
                }

                Assert.All(dxa.AsSpan(0, offset).ToArray(), v => Assert.Equal(9f, v));
                Assert.All(dxa.AsSpan(offset + x.Length).ToArray(), v => Assert.Equal(9f, v));
            }
        }

        output.WriteLine($"Softmax backward: max error / tolerance = {worst:F3}");
    }

    [Fact]
    public void BadArguments_ThrowArgumentExceptionNamingTheArgument()
    {
        float[] six = new float[6];
        float[] five = new float[5];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Softmax.Forward(five, six, 2, 3)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Softmax.Forward(five, five, 2, 3)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => Softmax.Forward(six, six, -1, 3)).ParamName);
        Assert.Equal("cols", Assert.Throws<ArgumentOutOfRangeException>(() => Softmax.Forward(six, six, 2, -3)).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => Softmax.Backward(five, six, six, 2, 3)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Softmax.Backward(six, five, six, 2, 3)).ParamName);
        Assert.Equal("dy", Assert.Throws<ArgumentException>(() => Softmax.Backward(six, six, five, 2, 3)).ParamName);
    }

    [Fact]
    public void Forward_LeavesElementsBeyondRowsTimesColsUntouched()
    {
        float[] x = [1f, 2f, 3f, 4f, 5f];
        float[] y = [0f, 0f, 0f, 0f, -1f];
        Softmax.Forward(y, x, 2, 2);
        Assert.Equal(-1f, y[4]);
        Softmax.Forward(y, x, 3, 0);
        Softmax.Forward(y, x, 0, 5);
    }

    /// <summary>Rows of mixed scale; every third row is shifted by ±1e4 so exp(x) alone would overflow.</summary>
    internal static float[] RowInputs(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        float[] x = new float[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double shift = (r % 3) switch { 0 => 0, 1 => 1e4, _ => -1e4 };
            double scale = rng.Next(3) switch { 0 => 1, 1 => 10, _ => 30 };
            for (int j = 0; j < cols; j++)
            {
                x[(r * cols) + j] = (float)(shift + ((rng.NextDouble() * 2 - 1) * scale));
            }
        }

        return x;
    }

    private static double CheckForward(float[] x, float[] y, int rows, int cols)
    {
        double worst = 0;
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < cols; j++)
            {
                max = Math.Max(max, x[(r * cols) + j]);
            }

            double sum = 0;
            for (int j = 0; j < cols; j++)
            {
                sum += Math.Exp(x[(r * cols) + j] - max);
            }

            for (int j = 0; j < cols; j++)
            {
                int i = (r * cols) + j;
                double expected = Math.Exp(x[i] - max) / sum;
                double tolerance = ((5e-7 + (6e-8 * Math.Abs(x[i] - max))) * expected) + 1e-38;
                double error = Math.Abs(y[i] - expected);
                if (!(error <= tolerance))
                {
                    Assert.Fail($"rows={rows} cols={cols} ({r},{j}) x={x[i]:R}: expected {expected:R}, got {y[i]:R}, error {error:E3} > {tolerance:E3}");
                }
                worst = Math.Max(worst, error / tolerance);
            }
        }

        return worst;
    }
}
