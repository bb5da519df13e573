namespace Recur.Training;

/// <summary>
/// How one mini-batch is run: groups of forward calls; the calls of a group run in order with the recurrent state
/// carried between them (chunks), and the state is reset between groups. Without chunks there is one group of one call.
/// </summary>
/// <param name="Groups">Per group, the windows of each call in order.</param>
/// <param name="LossUnits">The loss normaliser: valid target steps (per-step kinds) or sequences (per-sequence kinds).</param>
/// <param name="UsesChunks">True for <see cref="SequenceLengthMode.Chunks"/>.</param>
internal sealed record BatchPlan(IReadOnlyList<IReadOnlyList<SequenceWindow[]>> Groups, int LossUnits, bool UsesChunks)
{
    /// <summary>Plans the mini-batch <paramref name="indices"/> of <paramref name="data"/> under the sequence-length options.</summary>
    public static BatchPlan Create(SequenceDataset data, IReadOnlyList<int> indices, SequenceLength sequenceLength, SequencePaddingDirection direction)
    {
        bool left = direction == SequencePaddingDirection.Left;
        switch (sequenceLength.Mode)
        {
            case SequenceLengthMode.Longest:
            {
                SequenceWindow[] windows = [.. indices.Select(i => new SequenceWindow(i, 0, data.Length(i), true))];
                return new BatchPlan([[windows]], Units(data, windows), false);
            }

            case SequenceLengthMode.Shortest:
            {
                int shortest = indices.Min(data.Length);
                SequenceWindow[] windows = [.. indices.Select(i => new SequenceWindow(i, left ? data.Length(i) - shortest : 0, shortest, true))];
                return new BatchPlan([[windows]], Units(data, windows), false);
            }

            default:
            {
                int n = sequenceLength.ChunkLength;
                var groups = new List<IReadOnlyList<SequenceWindow[]>>();
                int units = 0;
                foreach (IGrouping<int, int> group in indices.GroupBy(i => (data.Length(i) + n - 1) / n).OrderBy(static g => g.Key))
                {
                    int chunks = group.Key;
                    var calls = new SequenceWindow[chunks][];
                    for (int c = 0; c < chunks; c++)
                    {
                        calls[c] = [.. group.Select(i => Window(data.Length(i), i, c, chunks, n, left))];
                        units += Units(data, calls[c]);
                    }

                    groups.Add(calls);
                }

                return new BatchPlan(groups, units, true);
            }
        }
    }

    private static SequenceWindow Window(int length, int index, int chunk, int chunks, int n, bool left)
    {
        bool last = chunk == chunks - 1;
        if (!left)
        {
            int start = chunk * n;
            return new SequenceWindow(index, start, Math.Min(n, length - start), last);
        }

        int first = length - ((chunks - 1) * n);
        return chunk == 0
            ? new SequenceWindow(index, 0, first, last)
            : new SequenceWindow(index, first + ((chunk - 1) * n), n, last);
    }

    private static int Units(SequenceDataset data, SequenceWindow[] windows) => data.TargetKind switch
    {
        SequenceTargetKind.StepClasses or SequenceTargetKind.StepValues => windows.Sum(static w => w.Length),
        SequenceTargetKind.TokenSequence => windows.Where(static w => w.HasSequenceTarget).Sum(w => data.StepLabels![w.Index].Length),
        _ => windows.Count(static w => w.HasSequenceTarget),
    };

    /// <summary>The padded input of one call: data (B, T, F) right-padded with zeros, the lengths, and T.</summary>
    public static (Tensor Data, int[]? Lengths, int PaddedLength) Pad(SequenceDataset data, SequenceWindow[] windows)
    {
        int b = windows.Length;
        int f = data.FeatureCount;
        int t = windows.Max(static w => w.Length);
        var buffer = new float[b * t * f];
        var lengths = new int[b];
        for (int k = 0; k < b; k++)
        {
            SequenceWindow w = windows[k];
            data.Inputs[w.Index].AsReadOnlySpan().Slice(w.Start * f, w.Length * f).CopyTo(buffer.AsSpan(k * t * f, w.Length * f));
            lengths[k] = w.Length;
        }

        return (Tensor.Wrap(buffer, [b, t, f]), lengths.All(l => l == t) ? null : lengths, t);
    }
}
