using System.Text.Json.Nodes;
using Recur.Layers;
using Recur.Models;
using Recur.Modules;

namespace Recur.Tests.Training;

/// <summary>
/// A small test model (until the layers are merged): Lstm(F → H, batch-first) → Linear(H → O), with output mode
/// "sequence" (B, T, O) or "last" (B, O) from h_n. It carries its own detached state when stateful, and can be told
/// to poison (NaN) a given training forward call.
/// </summary>
internal sealed class TinyLstmModel : Model, IStatefulLayer
{
    private readonly Lstm _lstm;
    private readonly Linear _linear;
    private Tensor? _h;
    private Tensor? _c;
    private int _calls;

    public TinyLstmModel(int features, int hidden, int outputs, bool sequenceOutput, ulong seed = 7, int numLayers = 1, float dropout = 0f, bool withNormalizer = false)
    {
        Features = features;
        SequenceOutput = sequenceOutput;
        if (withNormalizer)
        {
            Normalizer = RegisterModule("norm", new CountingNormalizer(features));
        }

        _lstm = RegisterModule("lstm", new Lstm(features, hidden, numLayers: numLayers, batchFirst: true, dropout: dropout, seed: seed));
        _linear = RegisterModule("fc", new Linear(hidden, outputs, seed: seed + 1));
    }

    public int Features { get; }

    public bool SequenceOutput { get; }

    public CountingNormalizer? Normalizer { get; }

    /// <summary>When set, the training forward call with this 0-based index returns NaN outputs.</summary>
    public int? PoisonCall { get; set; }

    /// <summary>Forward calls made in training mode.</summary>
    public int TrainingCalls => _calls;

    public bool Stateful { get; set; }

    public override void ResetState()
    {
        _h = null;
        _c = null;
        base.ResetState();
    }

    public override SequenceBatch Forward(SequenceBatch input)
    {
        Tensor x = input.Data;
        if (Normalizer is not null)
        {
            x = Normalizer.Apply(x);
        }

        int b = x.Shape[0];
        bool carry = Stateful && _h is not null && _h.Shape[1] == b;
        RnnOutput r = _lstm.Forward(x, carry ? _h : null, carry ? _c : null, input.Lengths);
        if (Stateful)
        {
            _h = r.HiddenState.Clone();
            _c = r.CellState!.Clone();
        }

        Tensor y = SequenceOutput
            ? _linear.Forward(r.Output)
            : _linear.Forward(r.HiddenState.Slice(0, r.HiddenState.Shape[0] - 1, 1).Reshape(b, r.HiddenState.Shape[2]));
        if (IsTraining)
        {
            if (_calls == PoisonCall)
            {
                y = y * float.NaN;
            }

            _calls++;
        }

        return new SequenceBatch(y, SequenceOutput ? input.Lengths : null);
    }

    public override int[] OutputShape(int[] inputShape) => SequenceOutput ? [inputShape[0], _linear.OutFeatures] : [_linear.OutFeatures];

    public override LayerConfig GetConfig() => new("TinyLstmModel", []);

    public float[] Weights() => [.. Parameters().SelectMany(static p => p.ToArray())];
}

/// <summary>A test normalizer: subtracts per-feature means fitted by <see cref="FitStatistics"/> (counts the calls).</summary>
internal sealed class CountingNormalizer : Module, INormalizingLayer
{
    private readonly Tensor _mean;

    public CountingNormalizer(int features) => _mean = RegisterBuffer("mean", Tensor.Zeros(features));

    public bool IsFitted { get; private set; }

    public int FitCalls { get; private set; }

    public int SequencesSeen { get; private set; }

    public float[] Mean => _mean.ToArray();

    public void FitStatistics(IEnumerable<Tensor> sequences)
    {
        FitCalls++;
        int f = _mean.Length;
        var sum = new double[f];
        long steps = 0;
        foreach (Tensor s in sequences)
        {
            SequencesSeen++;
            float[] v = s.ToArray();
            for (int i = 0; i < v.Length; i++)
            {
                sum[i % f] += v[i];
            }

            steps += v.Length / f;
        }

        Span<float> m = _mean.AsSpan();
        for (int k = 0; k < f; k++)
        {
            m[k] = (float)(sum[k] / steps);
        }

        IsFitted = true;
    }

    public Tensor Apply(Tensor x) => x - _mean.Detach().Reshape(1, 1, _mean.Length);
}

/// <summary>The same network as <see cref="TinyLstmModel"/>, PyTorch style: it calls the LSTM's tensor overload (which carries state when the layer is stateful).</summary>
internal sealed class StatelessLstmModel : Model
{
    private readonly Lstm _lstm;
    private readonly Linear _linear;

    public StatelessLstmModel(int features, int hidden, int outputs, ulong seed = 7)
    {
        _lstm = RegisterModule("lstm", new Lstm(features, hidden, batchFirst: true, seed: seed));
        _linear = RegisterModule("fc", new Linear(hidden, outputs, seed: seed + 1));
    }

    public override SequenceBatch Forward(SequenceBatch input) =>
        new(_linear.Forward(_lstm.Forward(input.Data, lengths: input.Lengths).Output), input.Lengths);

    public override int[] OutputShape(int[] inputShape) => [inputShape[0], _linear.OutFeatures];

    public override LayerConfig GetConfig() => new("StatelessLstmModel", []);
}
