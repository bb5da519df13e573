using System.Globalization;
using System.Text.Json.Nodes;

namespace Recur.Training;

/// <summary>
/// Everything <c>Model.Fit</c> needs besides the data, modelled on MATLAB's <c>trainingOptions</c>. Every property has
/// a default (stated in its documentation), so <c>new TrainingOptions()</c> trains with Adam at 0.001 for 30 epochs in
/// mini-batches of 128. Use a <c>with</c> expression or an object initializer to change what you need:
/// <code>var options = new TrainingOptions { MaxEpochs = 100, MiniBatchSize = 27, GradientThreshold = 1 };</code>
/// <see cref="ToJson"/> gives the JSON form stored in <c>Model.Metadata.TrainingOptions</c> (the callbacks and the
/// validation data are not part of it).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The optimizer. Default <see cref="OptimizerKind.Adam"/>.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The initial learning rate (&gt; 0). Default null: 0.01 for <see cref="OptimizerKind.SgdMomentum"/>, 0.001 for the others (MATLAB's defaults).</summary>
    public double? InitialLearnRate { get; init; }

    /// <summary>Momentum of <see cref="OptimizerKind.SgdMomentum"/> (in [0, 1)). Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>β1, the gradient decay of Adam and AdamW (in [0, 1)). Default 0.9.</summary>
    public double GradientDecayFactor { get; init; } = 0.9;

    /// <summary>β2 of Adam and AdamW, α of RMSProp (in [0, 1)). Default null: 0.999 for Adam/AdamW, 0.9 for RMSProp (MATLAB's defaults).</summary>
    public double? SquaredGradientDecayFactor { get; init; }

    /// <summary>The denominator offset ε of Adam, AdamW and RMSProp (&gt; 0). Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>The decoupled weight decay of <see cref="OptimizerKind.AdamW"/> (≥ 0). Default 0.01.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>
    /// The L2 penalty λ added to the gradient of every parameter whose name does not contain "bias" (g += λ·w;
    /// MATLAB's L2Regularization with BiasL2Factor 0) (≥ 0). Default 1e-4 (MATLAB's default). The reported loss does
    /// not include the penalty.
    /// </summary>
    public double L2Regularization { get; init; } = 1e-4;

    /// <summary>The learning-rate schedule, stepped at the end of each epoch. Default <see cref="Training.LearnRateSchedule.None"/>.</summary>
    public LearnRateSchedule LearnRateSchedule { get; init; } = LearnRateSchedule.None;

    /// <summary>The factor of the Step, Exponential and ReduceOnPlateau schedules (in (0, 1]). Default 0.1.</summary>
    public double LearnRateDropFactor { get; init; } = 0.1;

    /// <summary>Epochs between drops of the Step schedule, and the patience (epochs without improvement) of ReduceOnPlateau (≥ 1). Default 10.</summary>
    public int LearnRateDropPeriod { get; init; } = 10;

    /// <summary>The lower bound of the Cosine and ReduceOnPlateau schedules (≥ 0). Default 0.</summary>
    public double MinLearnRate { get; init; }

    /// <summary>The number of passes over the training data (≥ 1). Default 30 (MATLAB's default).</summary>
    public int MaxEpochs { get; init; } = 30;

    /// <summary>Sequences per mini-batch (≥ 1; the last mini-batch of an epoch may be smaller). Default 128 (MATLAB's default).</summary>
    public int MiniBatchSize { get; init; } = 128;

    /// <summary>When the training data is shuffled. Default <see cref="ShuffleMode.Once"/> (MATLAB's default).</summary>
    public ShuffleMode Shuffle { get; init; } = ShuffleMode.Once;

    /// <summary>
    /// Validation data (the same target kind as the training data), evaluated in eval mode without gradients every
    /// <see cref="ValidationFrequency"/> iterations and at the end of every epoch. Default null (no validation).
    /// </summary>
    public SequenceDataset? ValidationData { get; init; }

    /// <summary>Iterations between validations, besides the one at the end of each epoch (≥ 1). Default 50 (MATLAB's default).</summary>
    public int ValidationFrequency { get; init; } = 50;

    /// <summary>
    /// Early stopping: training stops when this many validations in a row did not improve on the best validation
    /// loss (≥ 1; needs <see cref="ValidationData"/>). Default null (never stop early; MATLAB's Inf).
    /// </summary>
    public int? ValidationPatience { get; init; }

    /// <summary>
    /// When true, the weights of the best validation loss are put back into the model at the end of training (also
    /// after early stopping or cancellation); needs <see cref="ValidationData"/>. Default false (the model keeps its
    /// last weights, MATLAB's OutputNetwork "last-iteration").
    /// </summary>
    public bool RestoreBestWeights { get; init; }

    /// <summary>The gradient clipping threshold (&gt; 0), applied with <see cref="GradientThresholdMethod"/>. Default null (no clipping).</summary>
    public double? GradientThreshold { get; init; }

    /// <summary>How gradients are clipped. Default <see cref="Training.GradientThresholdMethod.L2Norm"/> (per parameter, MATLAB's default).</summary>
    public GradientThresholdMethod GradientThresholdMethod { get; init; } = GradientThresholdMethod.L2Norm;

    /// <summary>How the sequences of a mini-batch are cut. Default <see cref="Training.SequenceLength.Longest"/>.</summary>
    public SequenceLength SequenceLength { get; init; } = SequenceLength.Longest;

    /// <summary>
    /// How the sequences of a mini-batch are aligned when they are truncated or cut into chunks (see
    /// <see cref="Training.SequencePaddingDirection"/>); lengths are always passed to the layers, so padding never
    /// changes a result. Default <see cref="Training.SequencePaddingDirection.Right"/>.
    /// </summary>
    public SequencePaddingDirection SequencePaddingDirection { get; init; } = SequencePaddingDirection.Right;

    /// <summary>
    /// The seed of everything random in training: the shuffles, the teacher-forcing draws and, through
    /// <see cref="Layers.IStochasticLayer"/>, the dropout masks. The same seed gives bit-identical weights whatever the
    /// number of threads. Default 0.
    /// </summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// A folder for checkpoints: every <see cref="CheckpointFrequency"/> epochs the model is saved there as
    /// <c>checkpoint-epoch{NNNN}.recur</c> (created when missing). Default null (no checkpoints).
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Epochs between checkpoints (≥ 1). Default 1.</summary>
    public int CheckpointFrequency { get; init; } = 1;

    /// <summary>The loss. Default <see cref="LossKind.Auto"/> (cross-entropy for class labels, mean squared error for regression).</summary>
    public LossKind Loss { get; init; } = LossKind.Auto;

    /// <summary>Label smoothing ε of the cross-entropy (in [0, 1)). Default 0.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>δ of the Huber loss (&gt; 0). Default 1.</summary>
    public double HuberDelta { get; init; } = 1.0;

    /// <summary>
    /// The teacher-forcing ratio of sequence-to-sequence models (<see cref="Models.EncoderDecoder"/>): the probability,
    /// per decoder step, that the true previous token is fed instead of the model's own prediction (in [0, 1]). Default 1.
    /// </summary>
    public double TeacherForcingRatio { get; init; } = 1.0;

    /// <summary>Called after every iteration (on the training thread). Default null.</summary>
    public Action<TrainingProgress>? OnIteration { get; init; }

    /// <summary>Called after every epoch with its record (on the training thread). Default null.</summary>
    public Action<EpochRecord>? OnEpoch { get; init; }

    /// <summary>Receives the same reports as <see cref="OnIteration"/>, for UI code. Default null.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>The learning rate actually used at the start: <see cref="InitialLearnRate"/> or the optimizer's default.</summary>
    public double EffectiveInitialLearnRate => InitialLearnRate ?? (Optimizer == OptimizerKind.SgdMomentum ? 0.01 : 0.001);

    /// <summary>The β2 (α for RMSProp) actually used: <see cref="SquaredGradientDecayFactor"/> or the optimizer's default.</summary>
    public double EffectiveSquaredGradientDecayFactor => SquaredGradientDecayFactor ?? (Optimizer == OptimizerKind.RmsProp ? 0.9 : 0.999);

    /// <summary>
    /// The options as JSON (camelCase keys, enums as strings, sequenceLength as "longest", "shortest" or the chunk
    /// length); the callbacks and the validation data are left out (hasValidationData says whether there was any).
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["optimizer"] = Optimizer.ToString(),
        ["initialLearnRate"] = EffectiveInitialLearnRate,
        ["momentum"] = Momentum,
        ["gradientDecayFactor"] = GradientDecayFactor,
        ["squaredGradientDecayFactor"] = EffectiveSquaredGradientDecayFactor,
        ["epsilon"] = Epsilon,
        ["weightDecay"] = WeightDecay,
        ["l2Regularization"] = L2Regularization,
        ["learnRateSchedule"] = LearnRateSchedule.ToString(),
        ["learnRateDropFactor"] = LearnRateDropFactor,
        ["learnRateDropPeriod"] = LearnRateDropPeriod,
        ["minLearnRate"] = MinLearnRate,
        ["maxEpochs"] = MaxEpochs,
        ["miniBatchSize"] = MiniBatchSize,
        ["shuffle"] = Shuffle.ToString(),
        ["hasValidationData"] = ValidationData is not null,
        ["validationFrequency"] = ValidationFrequency,
        ["validationPatience"] = ValidationPatience,
        ["restoreBestWeights"] = RestoreBestWeights,
        ["gradientThreshold"] = GradientThreshold,
        ["gradientThresholdMethod"] = GradientThresholdMethod.ToString(),
        ["sequenceLength"] = SequenceLength.ToString(),
        ["sequencePaddingDirection"] = SequencePaddingDirection.ToString(),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["checkpointPath"] = CheckpointPath,
        ["checkpointFrequency"] = CheckpointFrequency,
        ["loss"] = Loss.ToString(),
        ["labelSmoothing"] = LabelSmoothing,
        ["huberDelta"] = HuberDelta,
        ["teacherForcingRatio"] = TeacherForcingRatio,
    };

    /// <summary>Checks every option; the message names the option, the rule and the value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">Options contradict each other (e.g. patience without validation data).</exception>
    public void Validate()
    {
        Check(Enum.IsDefined(Optimizer), nameof(Optimizer), Optimizer, "a defined OptimizerKind");
        Check(InitialLearnRate is null || (InitialLearnRate > 0 && double.IsFinite(InitialLearnRate.Value)), nameof(InitialLearnRate), InitialLearnRate, "> 0 and finite");
        Check(Momentum is >= 0 and < 1, nameof(Momentum), Momentum, "in [0, 1)");
        Check(GradientDecayFactor is >= 0 and < 1, nameof(GradientDecayFactor), GradientDecayFactor, "in [0, 1)");
        Check(SquaredGradientDecayFactor is null or (>= 0 and < 1), nameof(SquaredGradientDecayFactor), SquaredGradientDecayFactor, "in [0, 1)");
        Check(Epsilon > 0 && double.IsFinite(Epsilon), nameof(Epsilon), Epsilon, "> 0");
        Check(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), WeightDecay, "≥ 0");
        Check(L2Regularization >= 0 && double.IsFinite(L2Regularization), nameof(L2Regularization), L2Regularization, "≥ 0");
        Check(Enum.IsDefined(LearnRateSchedule), nameof(LearnRateSchedule), LearnRateSchedule, "a defined LearnRateSchedule");
        Check(LearnRateDropFactor is > 0 and <= 1, nameof(LearnRateDropFactor), LearnRateDropFactor, "in (0, 1]");
        Check(LearnRateDropPeriod >= 1, nameof(LearnRateDropPeriod), LearnRateDropPeriod, "≥ 1");
        Check(MinLearnRate >= 0 && double.IsFinite(MinLearnRate), nameof(MinLearnRate), MinLearnRate, "≥ 0");
        Check(MaxEpochs >= 1, nameof(MaxEpochs), MaxEpochs, "≥ 1");
        Check(MiniBatchSize >= 1, nameof(MiniBatchSize), MiniBatchSize, "≥ 1");
        Check(Enum.IsDefined(Shuffle), nameof(Shuffle), Shuffle, "a defined ShuffleMode");
        Check(ValidationFrequency >= 1, nameof(ValidationFrequency), ValidationFrequency, "≥ 1");
        Check(ValidationPatience is null or >= 1, nameof(ValidationPatience), ValidationPatience, "≥ 1 (or null for no early stopping)");
        Check(GradientThreshold is null || (GradientThreshold > 0 && !double.IsNaN(GradientThreshold.Value)), nameof(GradientThreshold), GradientThreshold, "> 0 (or null for no clipping)");
        Check(Enum.IsDefined(GradientThresholdMethod), nameof(GradientThresholdMethod), GradientThresholdMethod, "a defined GradientThresholdMethod");
        Check(Enum.IsDefined(SequencePaddingDirection), nameof(SequencePaddingDirection), SequencePaddingDirection, "Right or Left");
        Check(CheckpointFrequency >= 1, nameof(CheckpointFrequency), CheckpointFrequency, "≥ 1");
        Check(Enum.IsDefined(Loss), nameof(Loss), Loss, "a defined LossKind");
        Check(LabelSmoothing is >= 0 and < 1, nameof(LabelSmoothing), LabelSmoothing, "in [0, 1)");
        Check(HuberDelta > 0 && double.IsFinite(HuberDelta), nameof(HuberDelta), HuberDelta, "> 0 and finite");
        Check(TeacherForcingRatio is >= 0 and <= 1, nameof(TeacherForcingRatio), TeacherForcingRatio, "in [0, 1]");
        if (LearnRateSchedule == LearnRateSchedule.ReduceOnPlateau && LearnRateDropFactor >= 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(LearnRateDropFactor), LearnRateDropFactor, $"TrainingOptions: LearnRateDropFactor must be in (0, 1) with ReduceOnPlateau; got {LearnRateDropFactor}.");
        }

        if (SequenceLength is null)
        {
            throw new ArgumentException("TrainingOptions: SequenceLength must not be null (use SequenceLength.Longest).", nameof(SequenceLength));
        }

        if (ValidationData is null && (ValidationPatience is not null || RestoreBestWeights))
        {
            throw new ArgumentException(
                "TrainingOptions: ValidationPatience and RestoreBestWeights need ValidationData; got no validation data.", nameof(ValidationData));
        }

        if (CheckpointPath is not null && string.IsNullOrWhiteSpace(CheckpointPath))
        {
            throw new ArgumentException("TrainingOptions: CheckpointPath must be a folder path or null; got an empty string.", nameof(CheckpointPath));
        }
    }

    private static void Check(bool ok, string option, object? value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(option, value, $"TrainingOptions: {option} must be {rule}; got {value?.ToString() ?? "null"}.");
        }
    }
}
