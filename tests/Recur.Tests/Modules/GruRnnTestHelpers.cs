using Recur.Modules;
using Xunit;

namespace Recur.Tests.Modules;

/// <summary>Helpers for the GRU / simple-RNN layer tests: building layers of either kind, copying weights, time reversal.</summary>
internal static class GruRnnTestHelpers
{
    /// <summary>The layer kinds the property tests run over.</summary>
    public static TheoryData<string> Kinds => new() { "gru", "gru_reset_before", "rnn_tanh", "rnn_relu" };

    /// <summary>A GRU (reset-after or -before) or a simple RNN (tanh or relu) with the given structure.</summary>
    public static RecurrentLayerBase Create(
        string kind, int inputSize, int hiddenSize, int layers = 1, bool bidirectional = false, bool bias = true,
        bool batchFirst = false, ulong seed = 17) => kind switch
    {
        "gru" => new Gru(inputSize, hiddenSize, layers, bias, batchFirst, 0, bidirectional, resetAfter: true, seed),
        "gru_reset_before" => new Gru(inputSize, hiddenSize, layers, bias, batchFirst, 0, bidirectional, resetAfter: false, seed),
        "rnn_tanh" => new Rnn(inputSize, hiddenSize, layers, Nonlinearity.Tanh, bias, batchFirst, 0, bidirectional, seed),
        "rnn_relu" => new Rnn(inputSize, hiddenSize, layers, Nonlinearity.Relu, bias, batchFirst, 0, bidirectional, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind"),
    };

    /// <summary>Calls the layer's Forward.</summary>
    public static RnnOutput Run(RecurrentLayerBase layer, Tensor x, Tensor? h0 = null, int[]? lengths = null) => layer switch
    {
        Gru g => g.Forward(x, h0, lengths),
        Rnn r => r.Forward(x, h0, lengths),
        _ => throw new ArgumentOutOfRangeException(nameof(layer)),
    };

    /// <summary>Copies parameter <paramref name="from"/> of <paramref name="source"/> into parameter <paramref name="to"/> of <paramref name="target"/>.</summary>
    public static void CopyParameter(RecurrentLayerBase source, string from, RecurrentLayerBase target, string to)
    {
        Tensor s = source.NamedParameters().Single(p => p.Name == from).Parameter;
        Tensor t = target.NamedParameters().Single(p => p.Name == to).Parameter;
        Assert.Equal(s.Shape, t.Shape);
        s.AsReadOnlySpan().CopyTo(t.AsSpan());
    }

    /// <summary>
    /// Reverses each sequence's valid prefix in time: result[t, b] = x[len_b − 1 − t, b] for t &lt; len_b, zero after.
    /// x is (T, B, F).
    /// </summary>
    public static float[] ReverseValid(ReadOnlySpan<float> x, int seqLen, int batch, int features, int[]? lengths)
    {
        var result = new float[x.Length];
        for (int b = 0; b < batch; b++)
        {
            int len = lengths?[b] ?? seqLen;
            for (int t = 0; t < len; t++)
            {
                x.Slice((((len - 1 - t) * batch) + b) * features, features).CopyTo(result.AsSpan(((t * batch) + b) * features, features));
            }
        }

        return result;
    }

    /// <summary>Columns [start, start + width) of every row of a (rows, ld) matrix.</summary>
    public static float[] Columns(ReadOnlySpan<float> m, int ld, int start, int width)
    {
        int rows = m.Length / ld;
        var result = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            m.Slice((r * ld) + start, width).CopyTo(result.AsSpan(r * width, width));
        }

        return result;
    }

    /// <summary>Asserts |a − b| ≤ tol element-wise.</summary>
    public static void Near(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tol, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
        }
    }
}
