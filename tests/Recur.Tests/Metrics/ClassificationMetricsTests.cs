using Recur.Metrics;
using Xunit;

namespace Recur.Tests.Metrics;

/// <summary>Classification metrics against hand-computed values (the same as scikit-learn's for these inputs).</summary>
public sealed class ClassificationMetricsTests
{
    // Confusion (rows true, cols predicted): [1 1 0; 0 2 0; 1 0 2].
    private static readonly int[] True = [0, 0, 1, 1, 2, 2, 2];
    private static readonly int[] Predicted = [0, 1, 1, 1, 2, 0, 2];

    [Fact]
    public void HandComputedThreeClassExample()
    {
        ClassificationReport r = ClassificationMetrics.Compute(True, Predicted, classCount: 3);

        Assert.Equal(new int[,] { { 1, 1, 0 }, { 0, 2, 0 }, { 1, 0, 2 } }, r.ConfusionMatrix);
        Assert.Equal(5.0 / 7.0, r.Accuracy, 15);
        AssertClose([0.5, 2.0 / 3.0, 1.0], r.Precision);
        AssertClose([0.5, 1.0, 2.0 / 3.0], r.Recall);
        AssertClose([0.5, 0.8, 0.8], r.F1);
        Assert.Equal([2, 2, 3], r.Support);
        Assert.Equal(0.7, r.MacroF1, 15); // sklearn f1_score(average="macro") = 0.7
        Assert.Equal((0.5 + (2.0 / 3.0) + 1.0) / 3, r.MacroPrecision, 15);
        Assert.Equal((0.5 + 1.0 + (2.0 / 3.0)) / 3, r.MacroRecall, 15);
        Assert.Equal(7, r.Count);
        Assert.Equal(3, r.ClassCount);
        Assert.Equal(r.Accuracy, ClassificationMetrics.Accuracy(True, Predicted));
    }

    [Fact]
    public void ClassNeverPredictedHasPrecisionZero()
    {
        ClassificationReport r = ClassificationMetrics.Compute([0, 1, 1], [0, 0, 0], classCount: 2);

        AssertClose([1.0 / 3.0, 0.0], r.Precision);
        AssertClose([1.0, 0.0], r.Recall);
        AssertClose([0.5, 0.0], r.F1);
        Assert.Equal(0.25, r.MacroF1, 15);
        Assert.Equal(1.0 / 3.0, r.Accuracy, 15);
    }

    [Fact]
    public void PredictedClassAbsentFromTheTruthHasRecallZeroAndCountsInTheMacroAverage()
    {
        ClassificationReport r = ClassificationMetrics.Compute([0, 0], [0, 1], classCount: 2);

        AssertClose([1.0, 0.0], r.Precision);
        AssertClose([0.5, 0.0], r.Recall);
        Assert.Equal((2.0 / 3.0) / 2, r.MacroF1, 15);
    }

    [Fact]
    public void ClassAbsentFromBothIsLeftOutOfTheMacroAverage()
    {
        ClassificationReport r = ClassificationMetrics.Compute(True, Predicted, classCount: 5);

        Assert.Equal(0.7, r.MacroF1, 15);
        Assert.Equal(0.0, r.F1[3]);
        Assert.Equal(0, r.Support[4]);
        Assert.Equal(5, r.ConfusionMatrix.GetLength(0));
        Assert.Equal(5, r.ConfusionMatrix.GetLength(1));
    }

    [Fact]
    public void PerfectPredictionsScoreOne()
    {
        int[] labels = [2, 0, 1, 1, 0];
        ClassificationReport r = ClassificationMetrics.Compute(labels, labels, 3);
        Assert.Equal(1.0, r.Accuracy);
        Assert.Equal(1.0, r.MacroF1);
        Assert.All(r.F1, f => Assert.Equal(1.0, f));
    }

    [Fact]
    public void MatrixSumsMatchAcrossRandomLabels()
    {
        var random = new Random(5);
        int[] t = Enumerable.Range(0, 500).Select(_ => random.Next(4)).ToArray();
        int[] p = Enumerable.Range(0, 500).Select(_ => random.Next(4)).ToArray();
        ClassificationReport r = ClassificationMetrics.Compute(t, p, 4);
        int diagonal = 0, total = 0;
        for (int i = 0; i < 4; i++)
        {
            diagonal += r.ConfusionMatrix[i, i];
            for (int j = 0; j < 4; j++)
            {
                total += r.ConfusionMatrix[i, j];
            }

            Assert.Equal(t.Count(x => x == i), r.Support[i]);
            Assert.Equal(t.Zip(p).Count(x => x.First == i && x.Second == i) / (double)p.Count(x => x == i), r.Precision[i], 15);
        }

        Assert.Equal(500, total);
        Assert.Equal(diagonal / 500.0, r.Accuracy, 15);
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([0, 1, 1], [0, 1], 2));
        Assert.Contains("got 3 and 2", e.Message);
        Assert.Equal("predictedLabels", e.ParamName);
        Assert.Contains("got 3 and 2", Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([0, 1, 1], [0, 1])).Message);

        Assert.Equal("trueLabels", Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([], [], 2)).ParamName);

        var range = Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute([0, 3], [0, 1], 3));
        Assert.Equal("trueLabels", range.ParamName);
        Assert.Contains("trueLabels[1] must be a class index in [0, 3); got 3", range.Message);
        Assert.Equal("predictedLabels", Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute([0], [-1], 3)).ParamName);
        Assert.Equal("classCount", Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute([0], [0], 0)).ParamName);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 15);
        }
    }
}
