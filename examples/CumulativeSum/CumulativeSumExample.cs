using System.Globalization;
using Recur.Layers;
using Recur.Metrics;
using Recur.Models;
using Recur.Modules;
using Recur.Training;

namespace Recur.Examples.CumulativeSum;

/// <summary>
/// Keras's cumulative-sum BiLSTM (Jason Brownlee, "How to Develop a Bidirectional LSTM for Sequence Classification"):
/// each sequence holds 10 random numbers in [0, 1]; the label of step t is 1 once the running sum x_0 + … + x_t exceeds
/// the threshold 10 / 4 = 2.5, else 0. The model is a bidirectional LSTM returning sequences, then a per-step dense
/// layer (TimeDistributed(Dense(2))) giving two logits per step, trained with the per-step cross-entropy.
/// <para>Shapes: input (B, 10, 1) → BiLSTM (B, 10, 2·H) → TimeDistributed(Dense) (B, 10, 2).</para>
/// </summary>
public static class CumulativeSumExample
{
    /// <summary>Steps per sequence.</summary>
    public const int SequenceLength = 10;

    /// <summary>The running-sum threshold: a quarter of the sequence length.</summary>
    public const double Threshold = SequenceLength / 4.0;

    /// <summary>Builds the data, trains the model and measures per-step accuracy on fresh test sequences.</summary>
    /// <param name="options">Size, seed and progress output.</param>
    /// <returns>The accuracy beside the majority-class baseline, and the trained weights.</returns>
    public static CumulativeSumResult Run(CumulativeSumOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int trainCount = options.Quick ? 1000 : 5000;
        int testCount = options.Quick ? 500 : 2000;
        int hidden = options.Quick ? 16 : 32;
        int epochs = options.Quick ? 12 : 20;

        (Tensor[] trainX, int[][] trainY) = MakeSequences(trainCount, CounterRandom.Next(options.Seed, 1));
        (Tensor[] testX, int[][] testY) = MakeSequences(testCount, CounterRandom.Next(options.Seed, 2));
        SequenceDataset train = SequenceDataset.ForStepClassification(trainX, trainY, classCount: 2);

        var model = new Sequential(
            new Lstm(1, hidden, bidirectional: true, seed: CounterRandom.Next(options.Seed, 3)) { OutputMode = OutputMode.Sequence },
            new TimeDistributed(new Dense(2 * hidden, 2, seed: CounterRandom.Next(options.Seed, 4))));
        options.Log?.Invoke(model.Summary([SequenceLength, 1]));

        TrainingHistory history = model.Fit(train, new TrainingOptions
        {
            MaxEpochs = epochs,
            MiniBatchSize = 32,
            InitialLearnRate = 0.01,
            Shuffle = ShuffleMode.EveryEpoch,
            Seed = options.Seed,
            OnEpoch = e => options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"epoch {e.Epoch,3}/{epochs}  loss {e.TrainingLoss:F4}  step accuracy {e.TrainingMetric:F4}  ({e.Elapsed.TotalSeconds:F1} s)")),
        });

        int[] truth = [.. testY.SelectMany(static y => y)];
        int[] predicted = [.. model.ClassifySteps(testX).SelectMany(static steps => steps.Select(static r => r.Label))];
        double accuracy = ClassificationMetrics.Accuracy(truth, predicted);

        int majority = trainY.Sum(static y => y.Count(static v => v == 1)) * 2 > trainCount * SequenceLength ? 1 : 0;
        double baseline = ClassificationMetrics.Accuracy(truth, [.. truth.Select(_ => majority)]);
        float[] weights = [.. model.Parameters().SelectMany(static p => p.ToArray())];
        return new CumulativeSumResult(accuracy, baseline, trainCount, testCount, history.Epochs.Count, history.Last!.TrainingLoss, weights);
    }

    /// <summary>
    /// <paramref name="count"/> sequences (10, 1) of numbers drawn uniformly from [0, 1) with the stream
    /// <paramref name="seed"/>, and their per-step labels (1 once the running sum exceeds <see cref="Threshold"/>).
    /// </summary>
    public static (Tensor[] Inputs, int[][] Labels) MakeSequences(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var inputs = new Tensor[count];
        var labels = new int[count][];
        for (int i = 0; i < count; i++)
        {
            var x = new float[SequenceLength];
            CounterRandom.FillUniform(x, seed, (ulong)i * SequenceLength, 0f, 1f);
            labels[i] = new int[SequenceLength];
            double sum = 0;
            for (int t = 0; t < SequenceLength; t++)
            {
                sum += x[t];
                labels[i][t] = sum > Threshold ? 1 : 0;
            }

            inputs[i] = Tensor.FromArray(x, SequenceLength, 1);
        }

        return (inputs, labels);
    }
}
