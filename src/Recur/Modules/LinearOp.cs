using Recur.Autograd;
using Recur.Kernels;

namespace Recur.Modules;

/// <summary>
/// Fused dense layer y = x·Wᵀ + b over the last axis: x (M, in) rows, W (out, in), b (out) or none.
/// Backward: dx += dy·W, dW += dyᵀ·x, db += Σ_rows dy.
/// </summary>
internal sealed class LinearOp : Function
{
    private Tensor _x = null!;
    private Tensor _weight = null!;
    private int _rows;
    private int _in;
    private int _out;
    private bool _hasBias;

    /// <summary>x (…, in), weight (out, in), bias (out) or null → y (…, out). Shapes are checked by the caller.</summary>
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias)
    {
        int outF = weight.Dims[0];
        int inF = weight.Dims[1];
        int rows = x.Length / inF; // inF ≥ 1 (checked by Linear)

        int[] shape = x.Shape;
        shape[^1] = outF;
        var y = new float[rows * outF];
        float beta = 0f;
        if (bias is not null)
        {
            ReadOnlySpan<float> b = bias.AsReadOnlySpan();
            for (int r = 0; r < rows; r++)
            {
                b.CopyTo(y.AsSpan(r * outF, outF));
            }

            beta = 1f;
        }

        if (rows > 0 && outF > 0)
        {
            Gemm.Sgemm(y, x.AsReadOnlySpan(), weight.AsReadOnlySpan(), rows, outF, inF, GemmTranspose.NT, 1f, beta);
        }

        Tensor result = Tensor.Wrap(y, shape);
        var op = new LinearOp();
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        if (op.TryRecord(inputs, result))
        {
            op._x = x;
            op._weight = weight;
            op._rows = rows;
            op._in = inF;
            op._out = outF;
            op._hasBias = bias is not null;
        }

        return result;
    }

    protected internal override void Backward(GradientContext context)
    {
        ReadOnlySpan<float> dy = context.OutputGrad();
        if (_rows == 0 || _out == 0)
        {
            return;
        }

        if (context.NeedsInputGrad(0) && _in > 0)
        {
            Gemm.Sgemm(context.InputGrad(0), dy, _weight.AsReadOnlySpan(), _rows, _in, _out, GemmTranspose.NN, 1f, 1f);
        }

        if (context.NeedsInputGrad(1) && _in > 0)
        {
            Gemm.Sgemm(context.InputGrad(1), dy, _x.AsReadOnlySpan(), _out, _in, _rows, GemmTranspose.TN, 1f, 1f);
        }

        if (_hasBias && context.NeedsInputGrad(2))
        {
            Span<float> db = context.InputGrad(2);
            for (int r = 0; r < _rows; r++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(db, dy.Slice(r * _out, _out), db);
            }
        }
    }
}
