using Recur.Training;
using Xunit;

namespace Recur.Tests.Training;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void DefaultsFollowMatlab()
    {
        var o = new TrainingOptions();
        Assert.Equal(OptimizerKind.Adam, o.Optimizer);
        Assert.Equal(0.001, o.EffectiveInitialLearnRate);
        Assert.Equal(0.01, (o with { Optimizer = OptimizerKind.SgdMomentum }).EffectiveInitialLearnRate);
        Assert.Equal(0.9, (o with { Optimizer = OptimizerKind.RmsProp }).EffectiveSquaredGradientDecayFactor);
        Assert.Equal(30, o.MaxEpochs);
        Assert.Equal(128, o.MiniBatchSize);
        Assert.Equal(ShuffleMode.Once, o.Shuffle);
        Assert.Equal(50, o.ValidationFrequency);
        Assert.Null(o.ValidationPatience);
        Assert.Null(o.GradientThreshold);
        Assert.Equal(GradientThresholdMethod.L2Norm, o.GradientThresholdMethod);
        Assert.Equal(1e-4, o.L2Regularization);
        Assert.Same(SequenceLength.Longest, o.SequenceLength);
        Assert.Equal(SequencePaddingDirection.Right, o.SequencePaddingDirection);
        Assert.Equal(LossKind.Auto, o.Loss);
        o.Validate();
    }

    [Fact]
    public void ToJsonHoldsEveryOptionButTheCallbacks()
    {
        var o = new TrainingOptions { MaxEpochs = 7, SequenceLength = SequenceLength.Chunks(20), GradientThreshold = 1, Seed = 99, OnEpoch = _ => { } };
        System.Text.Json.Nodes.JsonObject json = o.ToJson();
        Assert.Equal(7, json["maxEpochs"]!.GetValue<int>());
        Assert.Equal("20", json["sequenceLength"]!.GetValue<string>());
        Assert.Equal("longest", SequenceLength.Longest.ToString());
        Assert.Equal(1.0, json["gradientThreshold"]!.GetValue<double>());
        Assert.Equal("99", json["seed"]!.GetValue<string>());
        Assert.Equal("L2Norm", json["gradientThresholdMethod"]!.GetValue<string>());
        Assert.False(json["hasValidationData"]!.GetValue<bool>());
        Assert.False(json.ContainsKey("onEpoch"));
        Assert.Null(json["validationPatience"]);
    }

    [Fact]
    public void ValidateNamesTheBadOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { MiniBatchSize = 0 }.Validate());
        Assert.Equal("MiniBatchSize", ex.ParamName);
        Assert.Contains("≥ 1", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { LabelSmoothing = 1.5 }.Validate());
        Assert.Equal("LabelSmoothing", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { GradientThreshold = -1 }.Validate());
        Assert.Equal("GradientThreshold", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => SequenceLength.Chunks(0));
        Assert.Throws<ArgumentException>(() => new TrainingOptions { RestoreBestWeights = true }.Validate());
    }
}
