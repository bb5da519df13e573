using System.Numerics.Tensors;
using Recur.Kernels;

namespace Recur.Autograd.Ops;

/// <summary>
/// 1-D convolution over time on batch-first, channels-last data, as im2col + one GEMM:
/// x (B, T, C_in), weight (C_out, C_in, K) (PyTorch's <c>Conv1d</c> layout), bias (C_out) or none → y (B, T', C_out) with
/// y[b, t', o] = bias[o] + Σ_{c,k} weight[o, c, k] · x[b, t'·s − padLeft + k·d, c]. Input positions outside
/// [0, inLengths[b]) read as zero, and output steps t' ≥ outLengths[b] are zero, so padding never reaches a valid
/// output. The column matrix is (B·T', K·C_in) with columns in (k, c) order (contiguous channel copies); the weight is
/// permuted to (C_out, K·C_in) to match. Backward: dW += dyᵀ·cols (permuted back), db += Σ valid dy,
/// dx += col2im(dy·W).
/// </summary>
internal sealed class Conv1DOp : Function
{
    private float[] _cols = [];
    private float[] _permutedWeight = [];
    private int[] _inLengths = [];
    private int[] _outLengths = [];
    private int _batch;
    private int _time;
    private int _outTime;
    private int _inChannels;
    private int _outChannels;
    private int _kernel;
    private int _stride;
    private int _dilation;
    private int _padLeft;
    private bool _hasBias;

    /// <summary>
    /// Computes the convolution; sizes and lengths are checked by the caller (inLengths in 1 … T, outLengths in
    /// 1 … <paramref name="outTime"/>).
    /// </summary>
    public static Tensor Forward(
        Tensor x, Tensor weight, Tensor? bias,
        int stride, int dilation, int padLeft, int outTime, int[] inLengths, int[] outLengths)
    {
        int batch = x.Dims[0];
        int time = x.Dims[1];
        int cin = x.Dims[2];
        int cout = weight.Dims[0];
        int kernel = weight.Dims[2];
        int width = kernel * cin;
        int rows = batch * outTime;

        var wp = new float[cout * width];
        ReadOnlySpan<float> w = weight.AsReadOnlySpan();
        for (int o = 0; o < cout; o++)
        {
            for (int c = 0; c < cin; c++)
            {
                for (int k = 0; k < kernel; k++)
                {
                    wp[(o * kernel + k) * cin + c] = w[(o * cin + c) * kernel + k];
                }
            }
        }

        var cols = new float[rows * width];
        ReadOnlySpan<float> xs = x.AsReadOnlySpan();
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < outLengths[b]; t++)
            {
                int row = b * outTime + t;
                for (int k = 0; k < kernel; k++)
                {
                    int pos = t * stride - padLeft + k * dilation;
                    if (pos >= 0 && pos < inLengths[b])
                    {
                        xs.Slice((b * time + pos) * cin, cin).CopyTo(cols.AsSpan(row * width + k * cin, cin));
                    }
                }
            }
        }

        var y = new float[rows * cout];
        if (bias is not null)
        {
            ReadOnlySpan<float> bs = bias.AsReadOnlySpan();
            for (int b = 0; b < batch; b++)
            {
                for (int t = 0; t < outLengths[b]; t++)
                {
                    bs.CopyTo(y.AsSpan((b * outTime + t) * cout, cout));
                }
            }
        }

        if (rows > 0)
        {
            Gemm.Sgemm(y, cols, wp, rows, cout, width, GemmTranspose.NT, 1f, bias is null ? 0f : 1f);
        }

        Tensor result = Tensor.Wrap(y, [batch, outTime, cout]);
        var op = new Conv1DOp();
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        if (op.TryRecord(inputs, result))
        {
            op._cols = cols;
            op._permutedWeight = wp;
            op._inLengths = (int[])inLengths.Clone();
            op._outLengths = (int[])outLengths.Clone();
            op._batch = batch;
            op._time = time;
            op._outTime = outTime;
            op._inChannels = cin;
            op._outChannels = cout;
            op._kernel = kernel;
            op._stride = stride;
            op._dilation = dilation;
            op._padLeft = padLeft;
            op._hasBias = bias is not null;
        }

        return result;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        int cin = _inChannels;
        int cout = _outChannels;
        int kernel = _kernel;
        int width = kernel * cin;
        int rows = _batch * _outTime;
        if (rows == 0)
        {
            return;
        }

        ReadOnlySpan<float> dy = context.OutputGrad();
        if (context.NeedsInputGrad(1))
        {
            var dwp = new float[cout * width];
            Gemm.Sgemm(dwp, dy, _cols, cout, width, rows, GemmTranspose.TN, 1f, 0f);
            Span<float> dw = context.InputGrad(1);
            for (int o = 0; o < cout; o++)
            {
                for (int c = 0; c < cin; c++)
                {
                    for (int k = 0; k < kernel; k++)
                    {
                        dw[(o * cin + c) * kernel + k] += dwp[(o * kernel + k) * cin + c];
                    }
                }
            }
        }

        if (_hasBias && context.NeedsInputGrad(2))
        {
            Span<float> db = context.InputGrad(2);
            for (int b = 0; b < _batch; b++)
            {
                for (int t = 0; t < _outLengths[b]; t++)
                {
                    TensorPrimitives.Add(db, dy.Slice((b * _outTime + t) * cout, cout), db);
                }
            }
        }

        if (context.NeedsInputGrad(0))
        {
            var dcols = new float[rows * width];
            Gemm.Sgemm(dcols, dy, _permutedWeight, rows, width, cout, GemmTranspose.NN, 1f, 0f);
            Span<float> dx = context.InputGrad(0);
            for (int b = 0; b < _batch; b++)
            {
                for (int t = 0; t < _outLengths[b]; t++)
                {
                    int row = b * _outTime + t;
                    for (int k = 0; k < kernel; k++)
                    {
                        int pos = t * _stride - _padLeft + k * _dilation;
                        if (pos >= 0 && pos < _inLengths[b])
                        {
                            Span<float> dst = dx.Slice((b * _time + pos) * cin, cin);
                            TensorPrimitives.Add(dst, dcols.AsSpan(row * width + k * cin, cin), dst);
                        }
                    }
                }
            }
        }
    }
}
