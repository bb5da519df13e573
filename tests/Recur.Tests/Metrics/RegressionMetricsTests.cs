using Recur.Metrics;
using Xunit;

namespace Recur.Tests.Metrics;

/// <summary>Regression metrics against hand-computed values (scikit-learn's documentation example).</summary>
public sealed class RegressionMetricsTests
{
    private static readonly double[] Actual = [3, -0.5, 2, 7];
    private static readonly double[] Predicted = [2.5, 0.0, 2, 8];

    [Fact]
    public void HandComputedExample()
    {
        RegressionReport r = RegressionMetrics.Compute(Actual, Predicted);

        Assert.Equal(0.5, r.Mae, 15);                             // sklearn mean_absolute_error
        Assert.Equal(Math.Sqrt(0.375), r.Rmse, 15);               // sklearn mean_squared_error = 0.375
        Assert.Equal(0.9486081370449679, r.R2, 14);               // sklearn r2_score
        Assert.Equal(100 * 0.3273809523809524, r.Mape, 12);       // sklearn MAPE (a fraction) = 0.32738...
        Assert.Equal(4, r.MapeCount);
        Assert.Equal(100 * 382.0 / 660.0, r.Smape, 12);           // (2/11 + 2 + 0 + 2/15) / 4
        Assert.Equal(4, r.Count);
    }

    [Fact]
    public void FloatOverloadMatchesTheDoubleOne()
    {
        float[] a = [3f, -0.5f, 2f, 7f, 1.25f];
        float[] p = [2.5f, 0f, 2f, 8f, 1.5f];
        Assert.Equal(
            RegressionMetrics.Compute(a.Select(x => (double)x).ToArray(), p.Select(x => (double)x).ToArray()),
            RegressionMetrics.Compute(a, p));
    }

    [Fact]
    public void MapeSkipsZeroActualsAndIsNaNWhenAllAreZero()
    {
        RegressionReport r = RegressionMetrics.Compute([0.0, 2.0], [1.0, 3.0]);
        Assert.Equal(50.0, r.Mape, 15);
        Assert.Equal(1, r.MapeCount);

        RegressionReport zeros = RegressionMetrics.Compute([0.0, 0.0], [1.0, -1.0]);
        Assert.True(double.IsNaN(zeros.Mape));
        Assert.Equal(0, zeros.MapeCount);
        Assert.Equal(200.0, zeros.Smape, 15); // 2|F−A|/(|A|+|F|) = 2 when A = 0 ≠ F
    }

    [Fact]
    public void SmapeCountsZeroOverZeroAsZero()
    {
        RegressionReport r = RegressionMetrics.Compute([0.0, 2.0], [0.0, 2.0]);
        Assert.Equal(0.0, r.Smape);
        Assert.Equal(0.0, r.Rmse);
        Assert.Equal(1.0, r.R2);
    }

    [Fact]
    public void ConstantActualsGiveRSquaredOneOrZero()
    {
        Assert.Equal(1.0, RegressionMetrics.Compute([4.0, 4.0, 4.0], [4.0, 4.0, 4.0]).R2);
        Assert.Equal(0.0, RegressionMetrics.Compute([4.0, 4.0, 4.0], [4.0, 5.0, 4.0]).R2);
    }

    [Fact]
    public void RSquaredOfTheMeanIsZeroAndCanGoNegative()
    {
        Assert.Equal(0.0, RegressionMetrics.Compute([1.0, 2.0, 3.0], [2.0, 2.0, 2.0]).R2, 15);
        Assert.Equal(1 - (8.0 / 2.0), RegressionMetrics.Compute([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]).R2, 15);
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        var e = Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([1.0, 2.0], [1.0]));
        Assert.Contains("got 2 and 1", e.Message);
        Assert.Equal("predicted", e.ParamName);
        Assert.Contains("got 1 and 3", Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([1f], [1f, 2f, 3f])).Message);
        Assert.Equal("actual", Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty)).ParamName);

        var nan = Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([1.0, double.NaN], [1.0, 2.0]));
        Assert.Equal("actual", nan.ParamName);
        Assert.Contains("actual[1] must be a finite number", nan.Message);
        Assert.Equal("predicted", Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([1f], [float.PositiveInfinity])).ParamName);
    }
}
