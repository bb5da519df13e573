namespace Recur.Autograd.Ops;

/// <summary>
/// Max pooling over time on (B, T, C): y[b, j, c] = max over t in [j·s, min(j·s + p, inLengths[b])) of x[b, t, c],
/// for output steps j &lt; outLengths[b] (later steps are zero). Padded input steps are never in a window, so they
/// never win. The first maximum wins ties. Backward: the gradient goes to the arg-max only (dx[argmax] += dy).
/// </summary>
internal sealed class MaxPool1DOp : Function
{
    private int[] _argmax = [];

    /// <summary>x (B, T, C) → y (B, <paramref name="outTime"/>, C); sizes and lengths are checked by the caller.</summary>
    public static Tensor Forward(Tensor x, int poolSize, int stride, int outTime, int[] inLengths, int[] outLengths)
    {
        int batch = x.Dims[0];
        int time = x.Dims[1];
        int channels = x.Dims[2];
        var y = new float[batch * outTime * channels];
        var argmax = new int[y.Length];
        argmax.AsSpan().Fill(-1);
        ReadOnlySpan<float> xs = x.AsReadOnlySpan();
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < outLengths[b]; j++)
            {
                int start = j * stride;
                int end = Math.Min(start + poolSize, inLengths[b]);
                int o = (b * outTime + j) * channels;
                Span<float> yr = y.AsSpan(o, channels);
                Span<int> ar = argmax.AsSpan(o, channels);
                int first = (b * time + start) * channels;
                xs.Slice(first, channels).CopyTo(yr);
                for (int c = 0; c < channels; c++)
                {
                    ar[c] = first + c;
                }

                for (int t = start + 1; t < end; t++)
                {
                    int i = (b * time + t) * channels;
                    ReadOnlySpan<float> xr = xs.Slice(i, channels);
                    for (int c = 0; c < channels; c++)
                    {
                        // NaN wins, as in PyTorch, so that it propagates.
                        if (xr[c] > yr[c] || float.IsNaN(xr[c]))
                        {
                            yr[c] = xr[c];
                            ar[c] = i + c;
                        }
                    }
                }
            }
        }

        Tensor result = Tensor.Wrap(y, [batch, outTime, channels]);
        var op = new MaxPool1DOp();
        if (op.TryRecord([x], result))
        {
            op._argmax = argmax;
        }

        return result;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsInputGrad(0))
        {
            return;
        }

        ReadOnlySpan<float> dy = context.OutputGrad();
        Span<float> dx = context.InputGrad(0);
        for (int i = 0; i < _argmax.Length; i++)
        {
            int a = _argmax[i];
            if (a >= 0)
            {
                dx[a] += dy[i];
            }
        }
    }
}
