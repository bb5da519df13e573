using Recur.Kernels;

namespace Recur.Autograd.Ops;

/// <summary>
/// Matrix product. Forms: (m, k) × (k, n) → (m, n); (…, m, k) × (k, n) → (…, m, n) with the leading axes flattened
/// into one GEMM; batched (…, m, k) × (…, k, n) → (…, m, n) with equal leading axes (one GEMM per batch).
/// Backward (beta = 1 GEMMs): dA += G·Bᵀ, dB += Aᵀ·G.
/// </summary>
internal sealed class MatMulOp : Function
{
    private float[] _a = [];
    private float[] _b = [];
    private int _batch;
    private bool _sharedB;
    private int _m;
    private int _k;
    private int _n;

    /// <summary>y = a · b; see the class summary for the accepted shapes.</summary>
    /// <exception cref="ArgumentException">The ranks or inner lengths do not match.</exception>
    public static Tensor Forward(Tensor a, Tensor b)
    {
        ReadOnlySpan<int> da = a.Dims;
        ReadOnlySpan<int> db = b.Dims;
        if (da.Length < 2 || db.Length < 2)
        {
            throw Error(a, b, "both operands must have at least 2 axes");
        }

        int k = da[^1];
        int n = db[^1];
        if (db[^2] != k)
        {
            throw Error(a, b, $"the last axis of a ({k}) must equal the second-to-last axis of b ({db[^2]})");
        }

        int[] shape = a.Shape;
        shape[^1] = n;
        int batch;
        int m;
        if (db.Length == 2)
        {
            batch = 1;
            m = Broadcast.Product(da[..^1]);
        }
        else
        {
            if (da.Length != db.Length || !da[..^2].SequenceEqual(db[..^2]))
            {
                throw Error(a, b, "batched operands must have equal leading axes");
            }

            batch = Broadcast.Product(da[..^2]);
            m = da[^2];
        }

        var y = Tensor.Wrap(new float[batch * m * n], shape);
        ReadOnlySpan<float> av = a.Buffer;
        ReadOnlySpan<float> bv = b.Buffer;
        Span<float> yv = y.Buffer;
        if (m > 0 && n > 0 && k > 0)
        {
            for (int i = 0; i < batch; i++)
            {
                Gemm.Sgemm(yv.Slice(i * m * n, m * n), av.Slice(i * m * k, m * k), bv.Slice(db.Length == 2 ? 0 : i * k * n, k * n), m, n, k);
            }
        }

        var op = new MatMulOp();
        if (op.TryRecord([a, b], y))
        {
            op._a = a.Buffer;
            op._b = b.Buffer;
            op._batch = batch;
            op._sharedB = db.Length == 2;
            op._m = m;
            op._k = k;
            op._n = n;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        int m = _m, k = _k, n = _n;
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }

        ReadOnlySpan<float> g = context.OutputGrad();
        bool shared = _sharedB; // b is one (k, n) matrix for every batch
        if (context.NeedsInputGrad(0))
        {
            Span<float> da = context.InputGrad(0);
            for (int i = 0; i < _batch; i++)
            {
                // dA (m, k) += G (m, n) · Bᵀ (n, k)
                Gemm.Sgemm(da.Slice(i * m * k, m * k), g.Slice(i * m * n, m * n), _b.AsSpan(shared ? 0 : i * k * n, k * n),
                    m, k, n, GemmTranspose.NT, 1f, 1f);
            }
        }

        if (context.NeedsInputGrad(1))
        {
            Span<float> db = context.InputGrad(1);
            for (int i = 0; i < _batch; i++)
            {
                // dB (k, n) += Aᵀ (k, m) · G (m, n)
                Gemm.Sgemm(db.Slice(shared ? 0 : i * k * n, k * n), _a.AsSpan(i * m * k, m * k), g.Slice(i * m * n, m * n),
                    k, n, m, GemmTranspose.TN, 1f, 1f);
            }
        }
    }

    private static ArgumentException Error(Tensor a, Tensor b, string rule) => new(
        $"MatMul: {rule}; expected (…, m, k) × (k, n) or (…, m, k) × (…, k, n), got {Tensor.FormatShape(a.Dims)} × {Tensor.FormatShape(b.Dims)}.");
}
