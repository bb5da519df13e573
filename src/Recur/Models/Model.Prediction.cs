using Recur.Autograd;
using Recur.Layers;
using Recur.Modules;

namespace Recur.Models;

public abstract partial class Model
{
    /// <summary>The default number of sequences per forward call of <see cref="Predict"/> and <see cref="Classify"/>.</summary>
    public const int DefaultPredictionBatchSize = 128;

    /// <summary>
    /// True when the model's output is already class probabilities (it ends in a softmax, MATLAB style); false (the
    /// default) when it outputs logits. <see cref="Fit"/> then takes the cross-entropy of the log-probabilities and
    /// <see cref="Classify"/> skips its own softmax.
    /// </summary>
    public virtual bool OutputsProbabilities => false;

    /// <summary>
    /// Runs the model on variable-length sequences in eval mode without gradients, in mini-batches padded on the right
    /// with the lengths passed (so the result of a sequence does not depend on its batch). Stateful layers are switched
    /// to stateless for the call (their carried state is neither used nor changed) and training modes are restored.
    /// </summary>
    /// <param name="sequences">The sequences, each (T_i, F) with T_i ≥ 1 and the model's F.</param>
    /// <param name="miniBatchSize">Sequences per forward call (≥ 1, default <see cref="DefaultPredictionBatchSize"/>).</param>
    /// <returns>Per sequence, (T_i, O) when the model outputs sequences, (O) when it outputs one vector per sequence.</returns>
    /// <exception cref="ArgumentException">A sequence is not (T_i, F) or the features differ (the message names the index).</exception>
    public IReadOnlyList<Tensor> Predict(IReadOnlyList<Tensor> sequences, int miniBatchSize = DefaultPredictionBatchSize)
    {
        int f = CheckSequences(sequences, nameof(sequences));
        if (miniBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(miniBatchSize), miniBatchSize, $"{DisplayName}.Predict: miniBatchSize must be ≥ 1; got {miniBatchSize}.");
        }

        var results = new Tensor[sequences.Count];
        RunInference(stateful: false, () =>
        {
            for (int start = 0; start < sequences.Count; start += miniBatchSize)
            {
                int b = Math.Min(miniBatchSize, sequences.Count - start);
                int t = 0;
                for (int k = 0; k < b; k++)
                {
                    t = Math.Max(t, sequences[start + k].Dims[0]);
                }

                var data = new float[b * t * f];
                var lengths = new int[b];
                for (int k = 0; k < b; k++)
                {
                    Tensor s = sequences[start + k];
                    s.AsReadOnlySpan().CopyTo(data.AsSpan(k * t * f));
                    lengths[k] = s.Dims[0];
                }

                Tensor output = Forward(new SequenceBatch(Tensor.Wrap(data, [b, t, f]), lengths.All(l => l == t) ? null : lengths)).Data;
                for (int k = 0; k < b; k++)
                {
                    results[start + k] = SplitOutput(output, k, lengths[k], "Predict");
                }
            }

            return 0;
        });
        return results;
    }

    /// <summary>
    /// Classifies each sequence: runs <see cref="Predict"/> and turns each output into probabilities (a softmax, skipped
    /// when <see cref="OutputsProbabilities"/>); a sequence output (T_i, C) is classified by its last step.
    /// </summary>
    /// <param name="sequences">The sequences, each (T_i, F).</param>
    /// <param name="miniBatchSize">Sequences per forward call (≥ 1).</param>
    /// <returns>One result per sequence, with the class name from <see cref="ModelMetadata.ClassNames"/> when set.</returns>
    public IReadOnlyList<ClassificationResult> Classify(IReadOnlyList<Tensor> sequences, int miniBatchSize = DefaultPredictionBatchSize)
    {
        IReadOnlyList<Tensor> outputs = Predict(sequences, miniBatchSize);
        var results = new ClassificationResult[outputs.Count];
        for (int i = 0; i < outputs.Count; i++)
        {
            Tensor y = outputs[i];
            int c = y.Dims[^1];
            ReadOnlySpan<float> row = y.AsReadOnlySpan();
            results[i] = ToResult(row[^c..]);
        }

        return results;
    }

    /// <summary>Classifies every step of each sequence (sequence labelling); the model must output sequences (T_i, C).</summary>
    /// <param name="sequences">The sequences, each (T_i, F).</param>
    /// <param name="miniBatchSize">Sequences per forward call (≥ 1).</param>
    /// <returns>Per sequence, T_i results.</returns>
    /// <exception cref="InvalidOperationException">The model outputs one vector per sequence.</exception>
    public IReadOnlyList<ClassificationResult[]> ClassifySteps(IReadOnlyList<Tensor> sequences, int miniBatchSize = DefaultPredictionBatchSize)
    {
        IReadOnlyList<Tensor> outputs = Predict(sequences, miniBatchSize);
        var results = new ClassificationResult[outputs.Count][];
        for (int i = 0; i < outputs.Count; i++)
        {
            Tensor y = outputs[i];
            if (y.Rank != 2)
            {
                throw new InvalidOperationException(
                    $"{DisplayName}.ClassifySteps: the model must output a sequence (T, C) per input; got {Tensor.FormatShape(y.Dims)} (use Classify).");
            }

            int c = y.Dims[1];
            results[i] = new ClassificationResult[y.Dims[0]];
            for (int t = 0; t < y.Dims[0]; t++)
            {
                results[i][t] = ToResult(y.AsReadOnlySpan().Slice(t * c, c));
            }
        }

        return results;
    }

    /// <summary>
    /// Stateful streaming (MATLAB's <c>predictAndUpdateState</c>): runs the model on the next chunk — one step or
    /// several — starting from the state the previous call left, and keeps the new state. The first call (or the first
    /// after <see cref="ResetState"/>) starts from zeros. Streaming a sequence one step at a time gives the same outputs
    /// as predicting it whole. Runs in eval mode without gradients; switches the model's
    /// <see cref="IStatefulLayer"/> modules to stateful (they stay so; <see cref="Predict"/> and <see cref="Fit"/> are
    /// unaffected). The batch size must stay the same until <see cref="ResetState"/>.
    /// </summary>
    /// <param name="chunk">(T, F) for one sequence, or (B, T, F) for B streams.</param>
    /// <returns>(T, O) or (O) for a (T, F) chunk; (B, T, O) or (B, O) for a (B, T, F) chunk.</returns>
    /// <exception cref="ArgumentException">The chunk is not (T, F) or (B, T, F).</exception>
    /// <exception cref="InvalidOperationException">The model has no <see cref="IStatefulLayer"/> module.</exception>
    public Tensor PredictAndUpdateState(Tensor chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Rank is not (2 or 3) || chunk.Length == 0)
        {
            throw new ArgumentException(
                $"{DisplayName}.PredictAndUpdateState: chunk must be (T, F) or (B, T, F) with T ≥ 1; got {Tensor.FormatShape(chunk.Dims)}.", nameof(chunk));
        }

        if (StatefulModules().Length == 0)
        {
            throw new InvalidOperationException(
                $"{DisplayName}.PredictAndUpdateState: the model has no stateful (IStatefulLayer) layer to carry a state.");
        }

        return RunInference(stateful: true, () =>
        {
            Tensor x = chunk.Rank == 2 ? Tensor.FromArray(chunk.ToArray(), 1, chunk.Dims[0], chunk.Dims[1]) : chunk;
            Tensor output = Forward(new SequenceBatch(x)).Data;
            return chunk.Rank == 2 ? SplitOutput(output, 0, chunk.Dims[0], "PredictAndUpdateState") : output.Clone();
        });
    }

    /// <summary>
    /// Forgets the carried state of every <see cref="IStatefulLayer"/> module of the model (the next
    /// <see cref="PredictAndUpdateState"/> starts from zeros). Models that carry their own state override this and
    /// call the base.
    /// </summary>
    public virtual void ResetState()
    {
        foreach ((_, Module m) in NamedModules())
        {
            if (!ReferenceEquals(m, this) && m is IStatefulLayer s)
            {
                s.ResetState();
            }
        }
    }

    /// <summary>
    /// Closed-loop forecasting: reads <paramref name="history"/>, then predicts <paramref name="steps"/> steps ahead,
    /// feeding each prediction back as the next input. Output j of the model (its last step's O values) becomes input
    /// feature <c>feedbackFeatures[j]</c> of the next step (by default feature j, which needs O = F); the input features
    /// that no output feeds (exogenous inputs) come from <paramref name="knownInputs"/>. With stateful layers the history
    /// is streamed once and each new step costs one step (the carried state is reset first and left at the end of the
    /// forecast); without them the whole growing sequence is predicted again at each step.
    /// </summary>
    /// <param name="history">The observed sequence (T, F), T ≥ 1.</param>
    /// <param name="steps">The number of future steps (≥ 1).</param>
    /// <param name="feedbackFeatures">O distinct input-feature indices in [0, F), one per model output; null means output j → feature j.</param>
    /// <param name="knownInputs">(S, F) with S ≥ steps − 1: row i completes the input built from forecast i (only the features no output feeds are read); needed when the outputs do not feed every feature.</param>
    /// <returns>(steps, O): row i is the forecast of step T + i.</returns>
    /// <exception cref="ArgumentException">A shape or index does not fit (the message names the argument).</exception>
    public Tensor ForecastClosedLoop(Tensor history, int steps, IReadOnlyList<int>? feedbackFeatures = null, Tensor? knownInputs = null)
    {
        int f = CheckHistory(history, nameof(history), "ForecastClosedLoop");
        if (steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"{DisplayName}.ForecastClosedLoop: steps must be ≥ 1; got {steps}.");
        }

        var covered = new bool[f];
        if (feedbackFeatures is not null)
        {
            for (int j = 0; j < feedbackFeatures.Count; j++)
            {
                int k = feedbackFeatures[j];
                if ((uint)k >= (uint)f || covered[k])
                {
                    throw new ArgumentException(
                        $"{DisplayName}.ForecastClosedLoop: feedbackFeatures[{j}] must be a distinct input feature in [0, {f}); got {k}.", nameof(feedbackFeatures));
                }

                covered[k] = true;
            }
        }

        var forecaster = new StepForecaster(this, history);
        float[] y = forecaster.First();
        int o = y.Length;
        int[] map = feedbackFeatures is null ? [.. Enumerable.Range(0, o)] : [.. feedbackFeatures];
        if (map.Length != o || (feedbackFeatures is null && o != f))
        {
            throw new ArgumentException(
                feedbackFeatures is null
                    ? $"{DisplayName}.ForecastClosedLoop: without feedbackFeatures the model's O = {o} outputs must equal its F = {f} inputs; give feedbackFeatures (and knownInputs)."
                    : $"{DisplayName}.ForecastClosedLoop: feedbackFeatures must have one entry per model output (O = {o}); got {map.Length}.",
                nameof(feedbackFeatures));
        }

        if (feedbackFeatures is null)
        {
            Array.Fill(covered, true);
        }

        bool needKnown = covered.Contains(false) && steps > 1;
        if (needKnown && (knownInputs is null || knownInputs.Rank != 2 || knownInputs.Dims[1] != f || knownInputs.Dims[0] < steps - 1))
        {
            throw new ArgumentException(
                $"{DisplayName}.ForecastClosedLoop: knownInputs must be (S, {f}) with S ≥ {steps - 1} because the outputs do not feed every input feature; got {(knownInputs is null ? "null" : Tensor.FormatShape(knownInputs.Dims))}.",
                nameof(knownInputs));
        }

        var result = new float[steps * o];
        y.CopyTo(result, 0);
        var x = new float[f];
        for (int i = 1; i < steps; i++)
        {
            if (needKnown)
            {
                knownInputs!.AsReadOnlySpan().Slice((i - 1) * f, f).CopyTo(x);
            }

            for (int j = 0; j < o; j++)
            {
                x[map[j]] = result[((i - 1) * o) + j];
            }

            forecaster.Next(x).CopyTo(result, i * o);
        }

        return Tensor.Wrap(result, [steps, o]);
    }

    /// <summary>
    /// Open-loop forecasting: one-step-ahead forecasts over observed data. Reads <paramref name="history"/>, then feeds
    /// the observed steps one at a time, each forecast using only the true values before it.
    /// </summary>
    /// <param name="history">The sequence before the forecast (T, F), T ≥ 1.</param>
    /// <param name="observed">The observed continuation (S, F), S ≥ 1.</param>
    /// <returns>(S, O): row i is the forecast of observed step i from history and observed rows 0 … i − 1.</returns>
    /// <exception cref="ArgumentException">A shape does not fit.</exception>
    public Tensor ForecastOpenLoop(Tensor history, Tensor observed)
    {
        int f = CheckHistory(history, nameof(history), "ForecastOpenLoop");
        ArgumentNullException.ThrowIfNull(observed);
        if (observed.Rank != 2 || observed.Dims[0] < 1 || observed.Dims[1] != f)
        {
            throw new ArgumentException(
                $"{DisplayName}.ForecastOpenLoop: observed must be (S, {f}) with S ≥ 1; got {Tensor.FormatShape(observed.Dims)}.", nameof(observed));
        }

        int s = observed.Dims[0];
        var forecaster = new StepForecaster(this, history);
        float[] y = forecaster.First();
        int o = y.Length;
        var result = new float[s * o];
        y.CopyTo(result, 0);
        var x = new float[f];
        for (int i = 1; i < s; i++)
        {
            observed.AsReadOnlySpan().Slice((i - 1) * f, f).CopyTo(x);
            forecaster.Next(x).CopyTo(result, i * o);
        }

        return Tensor.Wrap(result, [s, o]);
    }

    /// <summary>The modules of this model (itself included) that carry a state.</summary>
    internal IStatefulLayer[] StatefulModules() => [.. NamedModules().Select(static m => m.Module).OfType<IStatefulLayer>()];

    /// <summary>Runs <paramref name="body"/> in eval mode without gradients with the stateful flags set; restores modes (and, when stateless, the flags).</summary>
    private T RunInference<T>(bool stateful, Func<T> body)
    {
        var modes = NamedModules().Select(static m => (m.Module, m.Module.IsTraining)).ToArray();
        IStatefulLayer[] layers = StatefulModules();
        bool[] flags = [.. layers.Select(static s => s.Stateful)];
        try
        {
            Eval();
            foreach (IStatefulLayer s in layers)
            {
                if (s.Stateful != stateful)
                {
                    s.Stateful = stateful;
                }
            }

            using NoGradScope noGrad = GradMode.NoGrad();
            return body();
        }
        finally
        {
            foreach ((Module module, bool training) in modes)
            {
                module.Train(training);
            }

            if (!stateful)
            {
                for (int i = 0; i < layers.Length; i++)
                {
                    if (layers[i].Stateful != flags[i])
                    {
                        layers[i].Stateful = flags[i];
                    }
                }
            }
        }
    }

    /// <summary>Sequence <paramref name="k"/> of a batch output: (T_k, O) from (B, T, O), (O) from (B, O); a copy.</summary>
    private Tensor SplitOutput(Tensor output, int k, int length, string caller)
    {
        if (output.Rank == 3)
        {
            int t = output.Dims[1];
            int o = output.Dims[2];
            if (length > t)
            {
                throw new InvalidOperationException(
                    $"{DisplayName}.{caller}: the model output {Tensor.FormatShape(output.Dims)} has fewer steps than the input sequence ({length}).");
            }

            return Tensor.FromArray(output.AsReadOnlySpan().Slice(k * t * o, length * o).ToArray(), length, o);
        }

        if (output.Rank == 2)
        {
            int o = output.Dims[1];
            return Tensor.FromArray(output.AsReadOnlySpan().Slice(k * o, o).ToArray(), o);
        }

        throw new InvalidOperationException($"{DisplayName}.{caller}: the model output must be (B, T, O) or (B, O); got {Tensor.FormatShape(output.Dims)}.");
    }

    private ClassificationResult ToResult(ReadOnlySpan<float> scores)
    {
        var p = new float[scores.Length];
        if (OutputsProbabilities)
        {
            scores.CopyTo(p);
        }
        else
        {
            double max = double.NegativeInfinity;
            foreach (float v in scores)
            {
                max = Math.Max(max, v);
            }

            double sum = 0;
            var e = new double[scores.Length];
            for (int c = 0; c < e.Length; c++)
            {
                e[c] = Math.Exp(scores[c] - max);
                sum += e[c];
            }

            for (int c = 0; c < e.Length; c++)
            {
                p[c] = (float)(e[c] / sum);
            }
        }

        int label = 0;
        for (int c = 1; c < p.Length; c++)
        {
            if (p[c] > p[label])
            {
                label = c;
            }
        }

        IReadOnlyList<string>? names = Metadata.ClassNames;
        return new ClassificationResult(label, names is not null && label < names.Count ? names[label] : null, p);
    }

    private int CheckSequences(IReadOnlyList<Tensor> sequences, string paramName)
    {
        ArgumentNullException.ThrowIfNull(sequences, paramName);
        if (sequences.Count == 0)
        {
            throw new ArgumentException($"{DisplayName}: {paramName} must hold at least one sequence; got none.", paramName);
        }

        int f = -1;
        for (int i = 0; i < sequences.Count; i++)
        {
            Tensor s = sequences[i] ?? throw new ArgumentException($"{DisplayName}: {paramName}[{i}] is null.", paramName);
            if (s.Rank != 2 || s.Dims[0] < 1 || s.Dims[1] < 1 || (f >= 0 && s.Dims[1] != f))
            {
                string expected = f < 0 ? "(T_i, F) with T_i ≥ 1" : $"(T_i, {f}) (the features of {paramName}[0])";
                throw new ArgumentException($"{DisplayName}: {paramName}[{i}] must be {expected}; got {Tensor.FormatShape(s.Dims)}.", paramName);
            }

            f = s.Dims[1];
        }

        return f;
    }

    private int CheckHistory(Tensor history, string paramName, string caller)
    {
        ArgumentNullException.ThrowIfNull(history, paramName);
        if (history.Rank != 2 || history.Dims[0] < 1 || history.Dims[1] < 1)
        {
            throw new ArgumentException(
                $"{DisplayName}.{caller}: {paramName} must be a sequence (T, F) with T ≥ 1; got {Tensor.FormatShape(history.Dims)}.", paramName);
        }

        return history.Dims[1];
    }

    /// <summary>Produces one-step forecasts: streaming with stateful layers, else re-running the growing sequence.</summary>
    private sealed class StepForecaster(Model model, Tensor history)
    {
        private readonly bool _streaming = model.StatefulModules().Length > 0;
        private readonly List<float> _sequence = [.. history.AsReadOnlySpan()];
        private readonly int _features = history.Dims[1];

        public float[] First()
        {
            if (_streaming)
            {
                model.ResetState();
                foreach (IStatefulLayer s in model.StatefulModules())
                {
                    s.ResetState();
                }

                return LastRow(model.PredictAndUpdateState(history));
            }

            return LastRow(model.Predict([history])[0]);
        }

        public float[] Next(float[] x)
        {
            if (_streaming)
            {
                return LastRow(model.PredictAndUpdateState(Tensor.FromArray((float[])x.Clone(), 1, _features)));
            }

            _sequence.AddRange(x);
            float[] all = [.. _sequence];
            return LastRow(model.Predict([Tensor.Wrap(all, [all.Length / _features, _features])])[0]);
        }

        private static float[] LastRow(Tensor y) => y.Rank == 2 ? y.AsReadOnlySpan()[^y.Dims[1]..].ToArray() : y.ToArray();
    }
}
