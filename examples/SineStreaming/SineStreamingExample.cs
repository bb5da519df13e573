using System.Globalization;
using Recur.Layers;
using Recur.Metrics;
using Recur.Models;
using Recur.Modules;
using Recur.Training;

namespace Recur.Examples.SineStreaming;

/// <summary>
/// Stateful streaming (MATLAB's <c>predictAndUpdateState</c>): an LSTM learns next-value prediction on noisy sine
/// waves (period 20 steps, random phases, Gaussian noise σ = 0.05 on the inputs, clean next values as targets); then a
/// fresh test wave is streamed one step at a time through <see cref="Model.PredictAndUpdateState"/>, and the streamed
/// outputs are compared with <see cref="Model.Predict"/> of the whole wave at once — they must agree within 1e-5.
/// The forecast itself is scored by RMSE against the persistence forecast.
/// <para>Shapes: input (B, T, 1) → Lstm (B, T, H) → TimeDistributed(Dense) (B, T, 1); streaming feeds (1, 1) per call.</para>
/// </summary>
public static class SineStreamingExample
{
    /// <summary>Steps per period of the waves.</summary>
    public const int Period = 20;

    /// <summary>The standard deviation of the noise added to the inputs.</summary>
    public const float Noise = 0.05f;

    /// <summary>How close the streamed outputs must be to the whole-sequence prediction.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>Trains the model, streams a fresh test wave and compares it with the whole-sequence prediction.</summary>
    /// <param name="options">Size, seed and progress output.</param>
    /// <returns>The streaming difference beside its tolerance, the forecast RMSE beside persistence, and the trained weights.</returns>
    public static SineStreamingResult Run(SineStreamingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int trainCount = options.Quick ? 64 : 256;
        int trainSteps = 60;
        int testSteps = options.Quick ? 100 : 200;
        int hidden = options.Quick ? 16 : 32;
        int epochs = options.Quick ? 30 : 60;

        var inputs = new Tensor[trainCount];
        var targets = new Tensor[trainCount];
        for (int i = 0; i < trainCount; i++)
        {
            (inputs[i], targets[i]) = MakeWave(trainSteps, CounterRandom.Next(options.Seed, 100 + (ulong)i));
        }

        var model = new Sequential(
            new Lstm(1, hidden, seed: CounterRandom.Next(options.Seed, 1)),
            new TimeDistributed(new Dense(hidden, 1, seed: CounterRandom.Next(options.Seed, 2))));
        options.Log?.Invoke(model.Summary([trainSteps, 1]));

        TrainingHistory history = model.Fit(SequenceDataset.ForStepRegression(inputs, targets), new TrainingOptions
        {
            MaxEpochs = epochs,
            MiniBatchSize = 16,
            InitialLearnRate = 0.01,
            Shuffle = ShuffleMode.EveryEpoch,
            Seed = options.Seed,
            OnEpoch = e => options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"epoch {e.Epoch,3}/{epochs}  loss {e.TrainingLoss:F5}  rmse {e.TrainingMetric:F4}  ({e.Elapsed.TotalSeconds:F1} s)")),
        });

        (Tensor wave, Tensor next) = MakeWave(testSteps, CounterRandom.Next(options.Seed, 2));
        float[] whole = model.Predict([wave])[0].ToArray();

        model.ResetState();
        float[] x = wave.ToArray();
        var streamed = new float[testSteps];
        for (int t = 0; t < testSteps; t++)
        {
            streamed[t] = model.PredictAndUpdateState(Tensor.FromArray([x[t]], 1, 1)).ToArray()[0];
        }

        double maxDifference = 0;
        for (int t = 0; t < testSteps; t++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(streamed[t] - whole[t]));
        }

        // The control: each step predicted alone from a zero state (what streaming without a carried state would give).
        IReadOnlyList<Tensor> alone = model.Predict([.. x.Select(static v => Tensor.FromArray([v], 1, 1))]);
        double statelessDifference = 0;
        for (int t = 0; t < testSteps; t++)
        {
            statelessDifference = Math.Max(statelessDifference, Math.Abs(alone[t].ToArray()[0] - whole[t]));
        }

        float[] truth = next.ToArray();
        double rmse = RegressionMetrics.Compute(truth, streamed).Rmse;
        double persistence = RegressionMetrics.Compute(truth, x).Rmse;
        float[] weights = [.. model.Parameters().SelectMany(static p => p.ToArray())];
        return new SineStreamingResult(maxDifference, statelessDifference, Tolerance, rmse, persistence, testSteps, trainCount, history.Epochs.Count, weights);
    }

    /// <summary>
    /// One wave of <paramref name="steps"/> steps with a random phase: the inputs sin(2π(t + φ)/<see cref="Period"/>) plus
    /// N(0, <see cref="Noise"/>²) noise, (T, 1), and the targets, the clean next values sin(2π(t + 1 + φ)/<see cref="Period"/>), (T, 1).
    /// </summary>
    public static (Tensor Inputs, Tensor Targets) MakeWave(int steps, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        double phase = CounterRandom.Uniform01(seed, 0) * Period;
        var noise = new float[steps];
        CounterRandom.FillNormal(noise, seed, 1, 0f, Noise);
        var x = new float[steps];
        var y = new float[steps];
        for (int t = 0; t < steps; t++)
        {
            x[t] = (float)Math.Sin(2 * Math.PI * (t + phase) / Period) + noise[t];
            y[t] = (float)Math.Sin(2 * Math.PI * (t + 1 + phase) / Period);
        }

        return (Tensor.FromArray(x, steps, 1), Tensor.FromArray(y, steps, 1));
    }
}
