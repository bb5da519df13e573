using System.Globalization;
using Recur.Data;
using Recur.Layers;
using Recur.Metrics;
using Recur.Models;
using Recur.Modules;
using Recur.Training;

namespace Recur.Examples.JapaneseVowels;

/// <summary>
/// MATLAB's "Sequence Classification Using Deep Learning" on the Japanese Vowels data (UCI; 9 speakers, 12 LPC
/// cepstrum coefficients per frame, 270 training and 370 test sequences of 7–29 frames):
/// SequenceInput(12) → BiLSTM(100 per direction, output mode last) → Dense(9) → Softmax, trained with Adam
/// (learning rate 0.001, L2 1e-4), mini-batches of 27, a per-parameter gradient L2-norm threshold of 1, the training
/// sequences sorted by length and never shuffled, and each mini-batch padded to its longest sequence with the lengths
/// passed (so padding never changes a result).
/// </summary>
public static class JapaneseVowelsExample
{
    /// <summary>Where the data lies, relative to the repository root.</summary>
    public const string DataFile = "samples/japanese_vowels/japanese_vowels.csv";

    /// <summary>Loads the data, trains the model and measures its test accuracy.</summary>
    /// <param name="options">The size, seed and data path; null means <see cref="JapaneseVowelsOptions.Full"/>.</param>
    /// <returns>The test accuracy beside the majority-class baseline, the history and the model.</returns>
    /// <exception cref="FileNotFoundException">The data file is not found.</exception>
    public static JapaneseVowelsResult Run(JapaneseVowelsOptions? options = null)
    {
        options ??= JapaneseVowelsOptions.Full;
        Action<string> log = options.Log ?? (static _ => { });
        string path = options.DataPath ?? RepositoryRoot.File(DataFile);

        SequenceTable table = SequenceCsv.Load(path, new SequenceCsvOptions
        {
            IdColumn = "sequence_id",
            StepColumn = "step",
            LabelColumn = "label",
            SplitColumn = "split",
        });

        // MATLAB sorts the training sequences by length so that each mini-batch of 27 needs little padding.
        SequenceTable trainTable = table.Part(SequenceSplit.Train);
        trainTable = trainTable.Select([.. Enumerable.Range(0, trainTable.Count).OrderBy(trainTable.Length)]);
        SequenceTable testTable = table.Part(SequenceSplit.Test);
        log(string.Create(CultureInfo.InvariantCulture,
            $"data: {trainTable.Count} training and {testTable.Count} test sequences, {table.FeatureCount} features, {table.ClassCount} classes, lengths {table.MinLength}–{table.MaxLength}"));

        var train = SequenceDataset.ForSequenceClassification(Tensors(trainTable), trainTable.Labels!, table.ClassCount);

        var bilstm = new Lstm(table.FeatureCount, options.HiddenSize, bidirectional: true, seed: options.Seed * 7919 + 1)
        {
            OutputMode = OutputMode.Last,
        };
        var model = new Sequential(
            new SequenceInput(table.FeatureCount),
            bilstm,
            new Dense(2 * options.HiddenSize, table.ClassCount, seed: options.Seed * 7919 + 2),
            new Softmax());
        model.Metadata.ClassNames = table.ClassNames;

        TrainingHistory history = model.Fit(train, new TrainingOptions
        {
            Optimizer = OptimizerKind.Adam,
            InitialLearnRate = options.LearnRate,
            MaxEpochs = options.MaxEpochs,
            MiniBatchSize = options.MiniBatchSize,
            GradientThreshold = 1,
            GradientThresholdMethod = GradientThresholdMethod.L2Norm,
            SequenceLength = SequenceLength.Longest,
            Shuffle = ShuffleMode.Never,
            Seed = options.Seed,
            OnEpoch = e => log(string.Create(CultureInfo.InvariantCulture,
                $"epoch {e.Epoch,3}/{options.MaxEpochs}  loss {e.TrainingLoss:F4}  train accuracy {e.TrainingMetric:P1}  {e.Elapsed.TotalSeconds:F1} s")),
        });

        IReadOnlyList<ClassificationResult> predicted = model.Classify(Tensors(testTable));
        int[] truth = [.. testTable.Labels!];
        int[] labels = [.. predicted.Select(static p => p.Label)];
        double accuracy = ClassificationMetrics.Accuracy(truth, labels);
        int correct = truth.Zip(labels).Count(static p => p.First == p.Second);

        int majority = truth.GroupBy(static y => y).OrderByDescending(static g => g.Count()).ThenBy(static g => g.Key).First().Key;
        double baseline = ClassificationMetrics.Accuracy(truth, [.. truth.Select(_ => majority)]);
        log(string.Create(CultureInfo.InvariantCulture,
            $"test: {correct}/{truth.Length} correct; majority class (speaker {table.ClassNames[majority]}) would get {baseline:F4}"));
        return new JapaneseVowelsResult(accuracy, baseline, correct, truth.Length, history, model);
    }

    private static Tensor[] Tensors(SequenceTable table) => [.. Enumerable.Range(0, table.Count).Select(table.SequenceTensor)];
}
