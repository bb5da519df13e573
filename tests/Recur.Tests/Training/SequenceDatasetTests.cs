using Recur.Training;
using Xunit;

namespace Recur.Tests.Training;

public sealed class SequenceDatasetTests
{
    [Fact]
    public void FactoriesKeepKindSizesAndTargets()
    {
        Tensor[] x = [Tensor.Zeros(3, 2), Tensor.Zeros(5, 2)];
        SequenceDataset a = SequenceDataset.ForSequenceClassification(x, [1, 4]);
        Assert.Equal(SequenceTargetKind.SequenceClass, a.TargetKind);
        Assert.Equal(5, a.ClassCount);
        Assert.Equal(2, a.FeatureCount);
        Assert.Equal(5, a.Length(1));
        Assert.False(a.IsPerStep);

        SequenceDataset b = SequenceDataset.ForStepClassification(x, [[0, 1, 0], [1, 1, 2, 0, 0]], classCount: 3);
        Assert.Equal(3, b.ClassCount);
        Assert.True(b.IsPerStep);

        SequenceDataset c = SequenceDataset.ForSequenceRegression(x, [Tensor.Zeros(4), Tensor.Ones(4)]);
        Assert.Equal(4, c.OutputSize);
        Assert.False(c.IsClassification);

        SequenceDataset d = SequenceDataset.ForStepRegression(x, [Tensor.Zeros(3, 1), Tensor.Zeros(5, 1)]);
        Assert.Equal(1, d.OutputSize);

        SequenceDataset e = SequenceDataset.ForSequenceToSequence(x, [[1, 2], [3]], 10);
        Assert.Equal(SequenceTargetKind.TokenSequence, e.TargetKind);

        SequenceDataset sub = a.Subset([1]);
        Assert.Equal(1, sub.Count);
        Assert.Equal(4, sub.SequenceLabels![0]);
    }

    [Fact]
    public void BadInputsNameTheSequence()
    {
        Tensor[] x = [Tensor.Zeros(3, 2), Tensor.Zeros(4, 2), Tensor.Zeros(2, 3)];
        var ex = Assert.Throws<ArgumentException>(() => SequenceDataset.ForSequenceClassification(x, [0, 1, 0]));
        Assert.Contains("inputs[2]", ex.Message, StringComparison.Ordinal);
        Assert.Equal("inputs", ex.ParamName);

        Tensor nan = Tensor.Zeros(3, 2);
        nan.AsSpan()[4] = float.NaN;
        ex = Assert.Throws<ArgumentException>(() => SequenceDataset.ForSequenceClassification([Tensor.Zeros(2, 2), nan], [0, 1]));
        Assert.Contains("inputs[1]", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => SequenceDataset.ForSequenceClassification([Tensor.Zeros(2, 2), Tensor.Zeros(3)], [0, 1]));
        Assert.Contains("inputs[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadTargetsNameTheSequence()
    {
        Tensor[] x = [Tensor.Zeros(3, 2), Tensor.Zeros(4, 2)];
        var ex = Assert.Throws<ArgumentException>(() => SequenceDataset.ForSequenceClassification(x, [0, 3], classCount: 3));
        Assert.Contains("labels[1]", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => SequenceDataset.ForSequenceClassification(x, [0]));
        Assert.Contains("one entry per input sequence (2)", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => SequenceDataset.ForStepClassification(x, [[0, 0, 0], [1, 1, 1]]));
        Assert.Contains("labels[1]", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => SequenceDataset.ForStepClassification(x, [[0, 0, -1], [1, 1, 1, 1]]));
        Assert.Contains("labels[0][2]", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => SequenceDataset.ForSequenceRegression(x, [Tensor.Zeros(2), Tensor.Zeros(3)]));
        Assert.Contains("targets[1]", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => SequenceDataset.ForStepRegression(x, [Tensor.Zeros(3, 1), Tensor.Zeros(3, 1)]));
        Assert.Contains("targets[1]", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => SequenceDataset.ForSequenceToSequence(x, [[1], []]));
        Assert.Contains("targets[1]", ex.Message, StringComparison.Ordinal);
    }
}
