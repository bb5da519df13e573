using System.Globalization;
using Recur.Models;
using Recur.Training;

namespace Recur.Examples.ReverseDigits;

/// <summary>
/// Sequence-to-sequence: an <see cref="EncoderDecoder"/> learns to reverse sequences of digits 0–9 (lengths 3–8 at
/// full size). The encoder LSTM reads the digits; its final state starts the decoder LSTM, which is trained with
/// teacher forcing (it is fed the true previous digit) and decodes greedily at inference (it is fed its own previous
/// prediction). The metric is the token accuracy of greedy decoding on fresh test sequences; the baseline copies the
/// input unreversed.
/// <para>Shapes: a source is (T, 1) holding digit ids; the target is the T digits reversed.</para>
/// </summary>
public static class ReverseDigitsExample
{
    /// <summary>The vocabulary: the digits 0–9.</summary>
    public const int Digits = 10;

    /// <summary>Builds the data, trains the model and measures greedy token accuracy on fresh test sequences.</summary>
    /// <param name="options">Size, seed and progress output.</param>
    /// <returns>The token accuracy beside the identity baseline, and the trained weights.</returns>
    public static ReverseDigitsResult Run(ReverseDigitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int minLength = 3;
        int maxLength = options.Quick ? 5 : 8;
        int trainCount = options.Quick ? 1500 : 10000;
        int testCount = options.Quick ? 500 : 2000;
        int hidden = options.Quick ? 48 : 128;
        int epochs = options.Quick ? 12 : 15;

        SequenceDataset train = MakeDataset(trainCount, minLength, maxLength, CounterRandom.Next(options.Seed, 1));
        SequenceDataset test = MakeDataset(testCount, minLength, maxLength, CounterRandom.Next(options.Seed, 2));
        var model = new EncoderDecoder(Digits, Digits, embeddingSize: 16, hiddenSize: hidden, seed: CounterRandom.Next(options.Seed, 3));

        TrainingHistory history = model.Fit(train, new TrainingOptions
        {
            MaxEpochs = epochs,
            MiniBatchSize = 64,
            InitialLearnRate = 0.01,
            LearnRateSchedule = LearnRateSchedule.Cosine,
            Shuffle = ShuffleMode.EveryEpoch,
            GradientThreshold = 1,
            TeacherForcingRatio = 1.0,
            Seed = options.Seed,
            OnEpoch = e => options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"epoch {e.Epoch,3}/{epochs}  loss {e.TrainingLoss:F4}  teacher-forced token accuracy {e.TrainingMetric:F4}  ({e.Elapsed.TotalSeconds:F1} s)")),
        });

        IReadOnlyList<int[]> decoded = model.Decode(test.Inputs);
        long correct = 0;
        long copied = 0;
        long total = 0;
        int exact = 0;
        var examples = new List<string>();
        for (int i = 0; i < decoded.Count; i++)
        {
            int[] source = Tokens(test.Inputs[i]);
            int[] target = test.StepLabels![i];
            int right = 0;
            for (int t = 0; t < target.Length; t++)
            {
                right += t < decoded[i].Length && decoded[i][t] == target[t] ? 1 : 0;
                copied += source[t] == target[t] ? 1 : 0;
            }

            correct += right;
            total += target.Length;
            exact += right == target.Length ? 1 : 0;
            if (i < 5)
            {
                examples.Add($"{string.Join(' ', source)} → {string.Join(' ', decoded[i])}");
            }
        }

        float[] weights = [.. model.Parameters().SelectMany(static p => p.ToArray())];
        return new ReverseDigitsResult(
            (double)correct / total, (double)exact / decoded.Count, (double)copied / total,
            minLength, maxLength, trainCount, testCount, history.Epochs.Count, examples, weights);
    }

    /// <summary>
    /// <paramref name="count"/> digit sequences (T_i, 1) with T_i uniform in [<paramref name="minLength"/>,
    /// <paramref name="maxLength"/>] and digits uniform in 0–9 (stream <paramref name="seed"/>), each with its reverse as
    /// the target.
    /// </summary>
    public static SequenceDataset MakeDataset(int count, int minLength, int maxLength, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, minLength);
        var inputs = new Tensor[count];
        var targets = new int[count][];
        ulong draw = 0;
        for (int i = 0; i < count; i++)
        {
            int length = minLength + (int)(CounterRandom.Next(seed, draw++) % (ulong)(maxLength - minLength + 1));
            var digits = new int[length];
            for (int t = 0; t < length; t++)
            {
                digits[t] = (int)(CounterRandom.Next(seed, draw++) % Digits);
            }

            inputs[i] = Tensor.FromArray([.. digits.Select(static d => (float)d)], length, 1);
            targets[i] = [.. digits.Reverse()];
        }

        return SequenceDataset.ForSequenceToSequence(inputs, targets, Digits);
    }

    private static int[] Tokens(Tensor source) => [.. source.ToArray().Select(static v => (int)v)];
}
