using Recur.Autograd;
using Recur.Layers;
using Recur.Losses;
using Recur.Modules;
using Recur.Optim;
using Xunit;

namespace Recur.Tests.Tensors;

/// <summary>
/// <see cref="Tensor.Dispose"/> and the pooled storage of the recurrent layers' outputs (<see cref="TensorPool"/>,
/// <see cref="RnnOutput.Dispose"/>): a disposed output's array serves the next call of the same size, results do not
/// change, storage the graph still needs is never handed out, and a disposed tensor refuses element access. Sizes are
/// odd ones no other test uses, because the pool is shared by every test running in parallel.
/// </summary>
public sealed class TensorDisposeTests
{
    [Fact]
    public void ADisposedTensorRefusesElementAccess()
    {
        Tensor t = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        t.Dispose();
        t.Dispose(); // twice is harmless
        Assert.True(t.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => t.AsSpan());
        Assert.Throws<ObjectDisposedException>(() => t.AsReadOnlySpan().Length);
        Assert.Throws<ObjectDisposedException>(() => t[0, 0]);
        Assert.Throws<ObjectDisposedException>(() => t.ToArray());
        Assert.Throws<ObjectDisposedException>(() => t.Sum());
        Assert.Equal([2, 3], t.Shape); // the shape and the description stay readable
        Assert.Equal("Tensor(2, 3)", t.ToString());
    }

    [Fact]
    public void ThePoolKeepsAtMostFourArraysOfOneLength()
    {
        const int length = 12347;
        float[][] arrays = [.. Enumerable.Range(0, TensorPool.MaxPerLength + 1).Select(_ => new float[length])];
        foreach (float[] a in arrays)
        {
            TensorPool.Return(a);
        }

        float[][] rented = [.. Enumerable.Range(0, TensorPool.MaxPerLength + 1).Select(_ => TensorPool.Rent(length, clear: false))];
        int reused = rented.Count(r => arrays.Any(a => ReferenceEquals(a, r)));
        Assert.Equal(TensorPool.MaxPerLength, reused);
        Assert.All(rented, r => Assert.Equal(length, r.Length));

        arrays[0].AsSpan().Fill(3f);
        TensorPool.Return(arrays[0]);
        float[] cleared = TensorPool.Rent(length, clear: true);
        Assert.Same(arrays[0], cleared);
        Assert.All(cleared, v => Assert.Equal(0f, v));
    }

    public static TheoryData<string> Models => new() { "lstm", "bilstm", "gru", "bigru", "lstm2", "lstm-proj", "gru3-batch-first" };

    /// <summary>
    /// Under no-grad: a disposed output's arrays are the next call's (same size), and the next call's values equal a
    /// fresh model's; the second call has lengths (unsorted, so the padded rows the recycled array held must be cleared).
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void ADisposedOutputsStorageServesTheNextCallWithUnchangedResults(string model)
    {
        (int t, int b, int i) = (9, 3, 5);
        Module recycled = Make(model, i);
        Module fresh = Make(model, i);
        Tensor x1 = Tensor.Uniform(11, -1, 1, t, b, i);
        Tensor x2 = Tensor.Uniform(12, -1, 1, t, b, i);
        int[] lengths = [4, 9, 6];
        bool batchFirst = model.EndsWith("batch-first", StringComparison.Ordinal);
        if (batchFirst)
        {
            x1 = Tensor.Uniform(11, -1, 1, b, t, i);
            x2 = Tensor.Uniform(12, -1, 1, b, t, i);
        }

        using (GradMode.NoGrad())
        {
            RnnOutput first = Forward(recycled, x1, null);
            float[] storage = first.Output.Buffer;
            first.Dispose();
            RnnOutput second = Forward(recycled, x1, null);
            if (((RecurrentLayerBase)recycled).NumLayers == 1)
            {
                // (a stacked layer recycles its lower layers' outputs within the call, so its output may get one of those)
                Assert.Same(storage, second.Output.Buffer);
            }

            AssertSameOutput(Forward(fresh, x1, null), second);
            second.Dispose();

            RnnOutput third = Forward(recycled, x2, lengths);
            AssertSameOutput(Forward(fresh, x2, lengths), third);
        }
    }

    /// <summary>
    /// Three Adam steps on an MSE loss, disposing every output after the step (and, for the stacked LSTM, the layer
    /// outputs the module releases at its next call) give bit-identical parameters to the same steps without disposing;
    /// from the second step on, each output lives in the previous step's array.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void ATrainingLoopThatDisposesItsOutputsGivesTheSameParameters(string model)
    {
        (int t, int b, int i) = (7, 4, 3);
        bool batchFirst = model.EndsWith("batch-first", StringComparison.Ordinal);
        Tensor x = batchFirst ? Tensor.Uniform(21, -1, 1, b, t, i) : Tensor.Uniform(21, -1, 1, t, b, i);
        Module disposing = Make(model, i);
        Module keeping = Make(model, i);
        Tensor target;
        using (GradMode.NoGrad())
        {
            Tensor shape = Forward(keeping, x, null).Output;
            target = Tensor.Uniform(22, -1, 1, shape.Shape);
        }

        // The undisposed loop runs first: run in turn, each would take the arrays the other hands back.
        var adamB = new Adam(keeping.Parameters(), lr: 1e-2f);
        for (int step = 0; step < 3; step++)
        {
            adamB.ZeroGrad();
            new MseLoss().Forward(Forward(keeping, x, null).Output, target).Backward();
            adamB.Step();
        }

        var adamA = new Adam(disposing.Parameters(), lr: 1e-2f);
        float[]? previous = null;
        for (int step = 0; step < 3; step++)
        {
            adamA.ZeroGrad();
            RnnOutput a = Forward(disposing, x, null);
            if (previous is not null && !batchFirst)
            {
                Assert.Same(previous, a.Output.Buffer);
            }

            new MseLoss().Forward(a.Output, target).Backward();
            adamA.Step();
            previous = a.Output.Buffer;
            a.Dispose();
        }

        foreach (((string name, Tensor pa), (_, Tensor pb)) in disposing.NamedParameters().Zip(keeping.NamedParameters()))
        {
            Assert.True(pa.AsReadOnlySpan().SequenceEqual(pb.AsReadOnlySpan()), $"{model}: parameter {name} differs");
        }
    }

    /// <summary>
    /// Disposing an output before the backward pass has run through it keeps its array away from the pool: the GRU's
    /// backward reads its output sequence, so a later call of the same size must get another array, and the gradients
    /// equal those of an undisposed run. A loss that reads the disposed tensor itself refuses with ObjectDisposedException.
    /// </summary>
    [Fact]
    public void DisposingBeforeBackwardLeavesTheStorageToTheGraph()
    {
        (int t, int b, int i) = (6, 5, 4);
        Tensor x = Tensor.Uniform(31, -1, 1, t, b, i);
        Module early = Make("gru", i);
        Module reference = Make("gru", i);

        RnnOutput r = Forward(early, x, null);
        float[] storage = r.Output.Buffer;
        Tensor loss = (r.Output * r.Output).Sum();
        r.Dispose();
        RnnOutput other = Forward(early, x, null);
        Assert.NotSame(storage, other.Output.Buffer);
        other.Output.AsSpan().Fill(1e6f); // would corrupt the first backward if the storage were shared
        loss.Backward();

        RnnOutput rr = Forward(reference, x, null);
        (rr.Output * rr.Output).Sum().Backward();
        foreach (((string name, Tensor pa), (_, Tensor pb)) in early.NamedParameters().Zip(reference.NamedParameters()))
        {
            Assert.True(pa.Grad!.AsReadOnlySpan().SequenceEqual(pb.Grad!.AsReadOnlySpan()), $"gradient of {name} differs");
        }

        RnnOutput m = Forward(early, x, null);
        Tensor mse = new MseLoss().Forward(m.Output, Tensor.Zeros(t, b, 7));
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => mse.Backward());
    }

    /// <summary>
    /// The final states of a recorded call disposed at once (<c>out, _ = lstm(x)</c>) stay out of the pool until the
    /// backward pass has run through the call, then go back: a call made before that backward gets other arrays, the
    /// first call after it gets them, and the gradients equal those of a run that disposed nothing.
    /// </summary>
    [Fact]
    public void DisposedRecordedStatesReturnToThePoolWhenTheirBackwardHasRun()
    {
        (int t, int b, int i) = (5, 3, 4);
        Tensor x = Tensor.Uniform(51, -1, 1, t, b, i);
        Tensor target = Tensor.Uniform(52, -1, 1, t, b, 11);
        var early = new Lstm(i, 11, seed: 3); // D·B·H = 33: a length no other test uses
        var reference = new Lstm(i, 11, seed: 3);

        RnnOutput r = early.Forward(x);
        float[][] states = [r.HiddenState.Buffer, r.CellState!.Buffer];
        r.HiddenState.Dispose();
        r.CellState.Dispose();
        Tensor loss = new MseLoss().Forward(r.Output, target);

        RnnOutput between = early.Forward(x); // before the backward pass: the graph still owns the states
        Assert.DoesNotContain(states, s => ReferenceEquals(s, between.HiddenState.Buffer));
        Assert.DoesNotContain(states, s => ReferenceEquals(s, between.CellState!.Buffer));

        loss.Backward();
        RnnOutput after = early.Forward(x);
        Assert.Contains(states, s => ReferenceEquals(s, after.HiddenState.Buffer));
        Assert.Contains(states, s => ReferenceEquals(s, after.CellState!.Buffer));

        RnnOutput rr = reference.Forward(x);
        new MseLoss().Forward(rr.Output, target).Backward();
        foreach (((string name, Tensor pa), (_, Tensor pb)) in early.NamedParameters().Zip(reference.NamedParameters()))
        {
            Assert.True(pa.Grad!.AsReadOnlySpan().SequenceEqual(pb.Grad!.AsReadOnlySpan()), $"gradient of {name} differs");
        }
    }

    /// <summary>
    /// Inside a model (<see cref="RecurrentLayerBase.Forward(SequenceBatch)"/>) the layer returns copies (a
    /// transposed sequence, or the last states) and releases the arrays it made for them once backward has run: a
    /// warmed-up training step then allocates on the calling thread only what it returns (and the loss's own product);
    /// without the release it allocates one output more.
    /// </summary>
    [Theory]
    [InlineData(OutputMode.Sequence)]
    [InlineData(OutputMode.Last)]
    public void ALayerInsideAModelReleasesTheArraysItDoesNotReturn(OutputMode mode)
    {
        (int t, int b, int i, int h) = (40, 6, 2, 96);
        long outputBytes = (long)t * b * h * sizeof(float);
        Tensor x = Tensor.Uniform(41, -1, 1, b, t, i);
        var lstm = new Lstm(i, h, seed: 9) { OutputMode = mode };
        var adam = new Adam(lstm.Parameters(), lr: 1e-3f);
        long Step()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            adam.ZeroGrad(setToNone: false);
            Tensor y = lstm.Forward(new SequenceBatch(x)).Data;
            (y * y).Mean().Backward();
            adam.Step();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        for (int n = 0; n < 3; n++)
        {
            Step();
        }

        // A Sequence step necessarily allocates the returned (B, T, H) copy and the test's y·y, each one output; the
        // layer's own (T, B, H) output and states must come back from the pool (without the release: one output more).
        long expected = mode == OutputMode.Sequence ? 2 * outputBytes : 0;
        long steady = Enumerable.Range(0, 3).Select(_ => Step()).Min();
        Assert.True(steady < expected + (outputBytes / 2), $"{mode}: a warmed-up step allocated {steady} B; expected {expected} B plus less than half an output ({outputBytes} B)");
    }

    private static Module Make(string model, int input) => model switch
    {
        "lstm" => new Lstm(input, 7, seed: 5),
        "bilstm" => new Lstm(input, 7, bidirectional: true, seed: 5),
        "gru" => new Gru(input, 7, seed: 5),
        "bigru" => new Gru(input, 7, bidirectional: true, seed: 5),
        "lstm2" => new Lstm(input, 7, numLayers: 2, seed: 5),
        "lstm-proj" => new Lstm(input, 7, numLayers: 3, bidirectional: true, projSize: 5, seed: 5),
        "gru3-batch-first" => new Gru(input, 7, numLayers: 3, batchFirst: true, seed: 5),
        _ => throw new ArgumentException(model, nameof(model)),
    };

    private static RnnOutput Forward(Module m, Tensor x, int[]? lengths) => m switch
    {
        Lstm l => l.Forward(x, lengths: lengths),
        Gru g => g.Forward(x, lengths: lengths),
        _ => throw new ArgumentException(m.GetType().Name, nameof(m)),
    };

    private static void AssertSameOutput(RnnOutput expected, RnnOutput actual)
    {
        Assert.Equal(expected.Output.ToArray(), actual.Output.ToArray());
        Assert.Equal(expected.HiddenState.ToArray(), actual.HiddenState.ToArray());
        Assert.Equal(expected.CellState?.ToArray(), actual.CellState?.ToArray());
    }
}
