using Recur.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Kernels;

/// <summary>
/// Row-wise log-softmax against a double twin for every cols 0..256 and 1–3 rows. Forward tolerance, absolute:
/// 1.2e-7·(|x − max| + |y|) + 6e-7 (float rounds x − max, the result, and the logged sum). Backward tolerance,
/// absolute: 2.5e-7·(|dx0| + |dy|) + e^y·(2.5e-7·|Σdy| + 1e-6·Σ|dy|).
/// </summary>
public sealed class LogSoftmaxTests(ITestOutputHelper output)
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
                float[] x = SoftmaxTests.RowInputs(rows, cols, seed: (rows * 2000) + cols);
                float[] xa = KernelInputs.Padded(x, offset, 7f);
                float[] ya = KernelInputs.Padded(new float[x.Length], 3 - offset, 7f);
                LogSoftmax.Forward(ya.AsSpan(3 - offset, x.Length), xa.AsSpan(offset, x.Length), rows, cols);
                worst = Math.Max(worst, CheckForward(x, ya.AsSpan(3 - offset, x.Length).ToArray(), rows, cols));
                Assert.All(ya.AsSpan(0, 3 - offset).ToArray(), v => Assert.Equal(7f, v));
                Assert.All(ya.AsSpan(3 - offset + x.Length).ToArray(), v => Assert.Equal(7f, v));
            }
        }

        output.WriteLine($"LogSoftmax forward: max error / tolerance = {worst:F3}");
    }

    [Fact]
    public void Forward_InPlace_EqualsOutOfPlace()
    {
        foreach (int cols in new[] { 1, 7, 16, 24, 31, 100, 256 })
        {
            float[] x = SoftmaxTests.RowInputs(3, cols, seed: cols);
            float[] expected = new float[x.Length];
            LogSoftmax.Forward(expected, x, 3, cols);
            LogSoftmax.Forward(x, x, 3, cols);
            Assert.Equal(expected, x);
        }
    }

    [Fact]
    public void Forward_HugeInputs_DoNotOverflowAndKeepTheMaxNearZero()
    {
        float[] x = [1e30f, -1e30f, 0f, 1e30f, 1000f, 999f, 998f, 1001f];
        float[] y = new float[x.Length];
        LogSoftmax.Forward(y, x, 2, 4);
        Assert.All(y[..4], v => Assert.False(float.IsNaN(v)));
        Assert.Equal(-MathF.Log(2f), y[0], 7);
        Assert.Equal(-1e30f - 1e30f, y[1]);
        CheckForward(x[4..], y[4..], 1, 4);
    }

    [Fact]
    public void Forward_NonFiniteRow_GivesNaNOnlyInThatRow()
    {
        float[] x = [1f, float.NaN, 2f, 1f, 2f, 3f];
        float[] y = new float[x.Length];
        LogSoftmax.Forward(y, x, 2, 3);
        Assert.All(y[..3], v => Assert.True(float.IsNaN(v)));
        CheckForward(x[3..], y[3..], 1, 3);
    }

    [Fact]
    public void Backward_EveryColsCount_AccumulatesReferenceGradient()
    {
        double worst = 0;
        foreach (int rows in new[] { 1, 3 })
        {
            for (int cols = 0; cols <= 256; cols++)
            {
                float[] x = SoftmaxTests.RowInputs(rows, cols, seed: 150 + cols);
                float[] y = new float[x.Length];
                LogSoftmax.Forward(y, x, rows, cols);
                float[] dy = KernelInputs.Uniform(x.Length, seed: 160 + cols, -2, 2);
                float[] dx0 = KernelInputs.Uniform(x.Length, seed: 170 + cols, -1, 1);
                int offset = cols % 4;
                float[] dxa = KernelInputs.Padded(dx0, offset, 9f);
                LogSoftmax.Backward(dxa.AsSpan(offset, x.Length), y, dy, rows, cols);
                for (int r = 0; r < rows; r++)
                {
                    double sum = 0;
                    double absSum = 0;
                    for (int j = 0; j < cols; j++)
                    {
                        sum += dy[(r * cols) + j];
                        absSum += Math.Abs(dy[(r * cols) + j]);
                    }

                    for (int j = 0; j < cols; j++)
                    {
                        int i = (r * cols) + j;
                        double e = Math.Exp(y[i]);
                        double expected = dx0[i] + dy[i] - (e * sum);
                        double tolerance = (2.5e-7 * (Math.Abs(dx0[i]) + Math.Abs(dy[i]))) + (e * ((2.5e-7 * Math.Abs(sum)) + (1e-6 * absSum))) + 1e-38;
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

        output.WriteLine($"LogSoftmax backward: max error / tolerance = {worst:F3}");
    }

    [Fact]
    public void BadArguments_ThrowArgumentExceptionNamingTheArgument()
    {
        float[] six = new float[6];
        float[] five = new float[5];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => LogSoftmax.Forward(five, six, 2, 3)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => LogSoftmax.Forward(five, five, 2, 3)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => LogSoftmax.Forward(six, six, -1, 3)).ParamName);
        Assert.Equal("cols", Assert.Throws<ArgumentOutOfRangeException>(() => LogSoftmax.Backward(six, six, six, 2, -3)).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => LogSoftmax.Backward(five, six, six, 2, 3)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => LogSoftmax.Backward(six, five, six, 2, 3)).ParamName);
        Assert.Equal("dy", Assert.Throws<ArgumentException>(() => LogSoftmax.Backward(six, six, five, 2, 3)).ParamName);
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

            double logSum = Math.Log(sum);
            for (int j = 0; j < cols; j++)
            {
                int i = (r * cols) + j;
                double expected = x[i] - max - logSum;
                double tolerance = (1.2e-7 * (Math.Abs(x[i] - max) + Math.Abs(expected))) + 6e-7;
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
