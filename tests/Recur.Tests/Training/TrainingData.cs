using Recur.Training;

namespace Recur.Tests.Training;

/// <summary>Small seeded datasets for the training tests.</summary>
internal static class TrainingData
{
    /// <summary>Random sequences (T_i, F) with lengths in [minLength, maxLength], values in [−1, 1].</summary>
    public static Tensor[] Sequences(ulong seed, int count, int minLength, int maxLength, int features)
    {
        var result = new Tensor[count];
        for (int i = 0; i < count; i++)
        {
            int length = minLength + (int)(CounterRandom.Next(seed, (ulong)i) % (ulong)(maxLength - minLength + 1));
            result[i] = Tensor.Uniform(CounterRandom.Next(seed + 1, (ulong)i), -1f, 1f, length, features);
        }

        return result;
    }

    /// <summary>Label 1 when the sum of the first feature is positive.</summary>
    public static SequenceDataset SignOfSum(ulong seed, int count, int minLength = 3, int maxLength = 8)
    {
        Tensor[] x = Sequences(seed, count, minLength, maxLength, 1);
        int[] labels = [.. x.Select(static s => s.ToArray().Sum() > 0 ? 1 : 0)];
        return SequenceDataset.ForSequenceClassification(x, labels, 2);
    }

    /// <summary>Per-step target: the running mean of the first feature (regression, O = 1).</summary>
    public static SequenceDataset RunningMean(ulong seed, int count, int minLength = 3, int maxLength = 8)
    {
        Tensor[] x = Sequences(seed, count, minLength, maxLength, 1);
        Tensor[] y = [.. x.Select(static s =>
        {
            float[] v = s.ToArray();
            var m = new float[v.Length];
            double sum = 0;
            for (int t = 0; t < v.Length; t++)
            {
                sum += v[t];
                m[t] = (float)(sum / (t + 1));
            }

            return Tensor.FromArray(m, v.Length, 1);
        })];
        return SequenceDataset.ForStepRegression(x, y);
    }

    /// <summary>Per-sequence regression: (sum, mean) of the first feature (O = 2).</summary>
    public static SequenceDataset SumAndMean(ulong seed, int count, int minLength, int maxLength, int features = 1)
    {
        Tensor[] x = Sequences(seed, count, minLength, maxLength, features);
        Tensor[] y = [.. x.Select(s =>
        {
            float[] v = s.ToArray();
            double sum = 0;
            for (int i = 0; i < v.Length; i += features)
            {
                sum += v[i];
            }

            return Tensor.FromArray([(float)sum, (float)(sum / (v.Length / features))], 2);
        })];
        return SequenceDataset.ForSequenceRegression(x, y);
    }

    /// <summary>Per-sequence regression: (last value, −last value) of the first feature (O = 2).</summary>
    public static SequenceDataset LastValue(ulong seed, int count, int minLength, int maxLength)
    {
        Tensor[] x = Sequences(seed, count, minLength, maxLength, 1);
        Tensor[] y = [.. x.Select(static s =>
        {
            float last = s.ToArray()[^1];
            return Tensor.FromArray([last, -last], 2);
        })];
        return SequenceDataset.ForSequenceRegression(x, y);
    }

    /// <summary>A sampled sine wave (T, 1): sin(2π t / period).</summary>
    public static Tensor Sine(int length, double period = 16, double phase = 0)
    {
        var v = new float[length];
        for (int t = 0; t < length; t++)
        {
            v[t] = (float)Math.Sin((2 * Math.PI * t / period) + phase);
        }

        return Tensor.FromArray(v, length, 1);
    }
}
