using Recur.Models;
using Recur.Training;
using Xunit;

namespace Recur.Tests.Training;

public sealed class EncoderDecoderTests
{
    /// <summary>Reversal data: digit sequences (T_i, 1) of lengths [minLength, maxLength] and their reverses.</summary>
    private static SequenceDataset Reversal(ulong seed, int count, int digits, int minLength, int maxLength)
    {
        var x = new Tensor[count];
        var y = new int[count][];
        for (int i = 0; i < count; i++)
        {
            int length = minLength + (int)(CounterRandom.Next(seed, (ulong)i) % (ulong)(maxLength - minLength + 1));
            var tokens = new int[length];
            for (int t = 0; t < length; t++)
            {
                tokens[t] = (int)(CounterRandom.Next(seed + 1, (ulong)((i * 100) + t)) % (ulong)digits);
            }

            x[i] = Tensor.FromArray([.. tokens.Select(static v => (float)v)], length, 1);
            y[i] = [.. tokens.Reverse()];
        }

        return SequenceDataset.ForSequenceToSequence(x, y, digits);
    }

    private static double TokenAccuracy(IReadOnlyList<int[]> decoded, SequenceDataset data)
    {
        long correct = 0;
        long total = 0;
        for (int i = 0; i < decoded.Count; i++)
        {
            int[] target = data.StepLabels![i];
            total += target.Length;
            correct += target.Where((v, t) => t < decoded[i].Length && decoded[i][t] == v).Count();
        }

        return (double)correct / total;
    }

    [Fact]
    public void LearnsToReverseShortDigitSequences()
    {
        SequenceDataset train = Reversal(1, 256, 5, 2, 4);
        SequenceDataset test = Reversal(2, 64, 5, 2, 4);
        var model = new EncoderDecoder(5, 5, embeddingSize: 8, hiddenSize: 32, seed: 3);
        double before = TokenAccuracy(model.Decode(test.Inputs), test);
        TrainingHistory h = model.Fit(train, new TrainingOptions
        {
            MaxEpochs = 30,
            MiniBatchSize = 32,
            InitialLearnRate = 0.01,
            TeacherForcingRatio = 1.0,
            ValidationData = test,
            ValidationFrequency = 1000,
        });
        IReadOnlyList<int[]> decoded = model.Decode(test.Inputs);
        Assert.All(decoded.Select((d, i) => (d, i)), p => Assert.Equal(test.Length(p.i), p.d.Length));
        double after = TokenAccuracy(decoded, test);
        Assert.True(after >= 0.9 && after > before + 0.3, $"token accuracy {before} → {after}");
        Assert.True(h.Epochs[^1].TrainingLoss < h.Epochs[0].TrainingLoss / 4);
        // The validation metric is the greedy token accuracy (no teacher forcing in validation).
        Assert.Equal(after, h.Epochs[^1].ValidationMetric!.Value, 6);
    }

    [Fact]
    public void TeacherForcingRatioBelowOneTrainsStepByStep()
    {
        SequenceDataset train = Reversal(4, 64, 4, 2, 3);
        var full = new EncoderDecoder(4, 4, 6, 16, seed: 5);
        var mixed = new EncoderDecoder(4, 4, 6, 16, seed: 5);
        var options = new TrainingOptions { MaxEpochs = 1, MiniBatchSize = 64 };
        double Loss(EncoderDecoder m, double ratio)
        {
            double loss = double.NaN;
            m.Fit(train, options with { TeacherForcingRatio = ratio, OnIteration = p => loss = p.Loss });
            return loss;
        }

        // Ratio 1 through the step-by-step path gives the loss of the one-call path (ratio 1 − ε keeps nearly every draw).
        double oneCall = Loss(full, 1.0);
        double stepwise = Loss(mixed, 1.0 - 1e-12);
        Assert.Equal(oneCall, stepwise, 5);

        // Ratio 0 feeds the model's own greedy predictions: the loss is the cross-entropy of the greedy decoding,
        // computed independently from Predict (which decodes greedily) and the targets.
        var free = new EncoderDecoder(4, 4, 6, 16, seed: 5);
        IReadOnlyList<Tensor> greedy = free.Predict(train.Inputs);
        double sum = 0;
        long count = 0;
        for (int i = 0; i < train.Count; i++)
        {
            float[] logits = greedy[i].ToArray();
            int[] target = train.StepLabels![i];
            for (int t = 0; t < target.Length; t++)
            {
                double[] row = [.. logits.Skip(t * 4).Take(4).Select(static v => (double)v)];
                double max = row.Max();
                double logSum = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
                sum += logSum - row[target[t]];
                count++;
            }
        }

        double freeLoss = Loss(free, 0.0);
        Assert.Equal(sum / count, freeLoss, 5);
        Assert.NotEqual(oneCall, freeLoss);
    }

    [Fact]
    public void DecodeStopsAtTheEndTokenAndChecksIds()
    {
        var model = new EncoderDecoder(3, 4, 4, 8, endToken: 0, seed: 2);
        IReadOnlyList<int[]> decoded = model.Decode([Tensor.FromArray([1f, 2f], 2, 1)], maxLength: 6);
        Assert.True(decoded[0].Length <= 6);
        Assert.DoesNotContain(0, decoded[0]);
        var ex = Assert.Throws<ArgumentException>(() => model.Decode([Tensor.FromArray([1f, 3f], 2, 1)]));
        Assert.Contains("step 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal([5, 4], model.OutputShape([5, 1]));
        Assert.Equal("EncoderDecoder", model.GetConfig().Type);
    }
}
