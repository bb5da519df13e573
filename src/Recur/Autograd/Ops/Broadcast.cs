using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>
/// NumPy-style broadcasting for binary operations: shapes are aligned on the right; two lengths are compatible
/// when equal or when one of them is 1; missing leading axes count as 1.
/// </summary>
internal static class Broadcast
{
    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/>, or an ArgumentException naming the operation and both shapes.</summary>
    public static int[] Shape(string operation, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException(
                    $"{operation}: shapes {Tensor.FormatShape(a)} and {Tensor.FormatShape(b)} cannot be broadcast together " +
                    $"(axis {i - rank} has lengths {da} and {db}; expected equal lengths or 1).");
            }

            shape[i] = da == 1 ? db : da;
        }

        return shape;
    }

    /// <summary>How an operand of shape <paramref name="dims"/> is read when broadcast to <paramref name="output"/>.</summary>
    public static BroadcastSide Side(ReadOnlySpan<int> dims, ReadOnlySpan<int> output)
    {
        int n = Product(output);
        int len = Product(dims);
        if (len == n)
        {
            return BroadcastSide.Full;
        }

        if (len == 1)
        {
            return new BroadcastSide(BroadcastKind.Scalar, null);
        }

        int lead = 0;
        while (lead < dims.Length && dims[lead] == 1)
        {
            lead++;
        }

        ReadOnlySpan<int> core = dims[lead..];
        if (output[(output.Length - core.Length)..].SequenceEqual(core))
        {
            return new BroadcastSide(BroadcastKind.Suffix, null);
        }

        // General case: operand strides aligned to the output's axes, 0 on broadcast axes.
        int rank = output.Length;
        var strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            int j = i - (rank - dims.Length);
            int d = j >= 0 ? dims[j] : 1;
            strides[i] = d == 1 ? 0 : stride;
            stride *= d;
        }

        var map = new int[n];
        var index = new int[rank];
        int offset = 0;
        for (int flat = 0; flat < n; flat++)
        {
            map[flat] = offset;
            for (int ax = rank - 1; ax >= 0; ax--)
            {
                offset += strides[ax];
                if (++index[ax] < output[ax])
                {
                    break;
                }

                offset -= strides[ax] * index[ax];
                index[ax] = 0;
            }
        }

        return new BroadcastSide(BroadcastKind.Map, map);
    }

    /// <summary>
    /// y = x1 ⊕ x2 over the output's <paramref name="y"/>.Length elements, each operand read as its side says.
    /// </summary>
    public static void Apply(BinaryKind op, Span<float> y, ReadOnlySpan<float> x1, BroadcastSide s1, ReadOnlySpan<float> x2, BroadcastSide s2)
    {
        if (y.IsEmpty)
        {
            return;
        }

        switch (s1.Kind, s2.Kind)
        {
            case (BroadcastKind.Full, BroadcastKind.Full):
                Vector(op, y, x1, x2);
                return;
            case (BroadcastKind.Full, BroadcastKind.Scalar):
                VectorScalar(op, y, x1, x2[0]);
                return;
            case (BroadcastKind.Scalar, BroadcastKind.Full):
                ScalarVector(op, y, x1[0], x2);
                return;
            case (BroadcastKind.Full, BroadcastKind.Suffix):
                for (int o = 0; o < y.Length; o += x2.Length)
                {
                    Vector(op, y.Slice(o, x2.Length), x1.Slice(o, x2.Length), x2);
                }

                return;
            case (BroadcastKind.Suffix, BroadcastKind.Full):
                for (int o = 0; o < y.Length; o += x1.Length)
                {
                    Vector(op, y.Slice(o, x1.Length), x1, x2.Slice(o, x1.Length));
                }

                return;
        }

        for (int i = 0; i < y.Length; i++)
        {
            float a = x1[Index(s1, i, x1.Length)];
            float b = x2[Index(s2, i, x2.Length)];
            y[i] = op switch
            {
                BinaryKind.Add => a + b,
                BinaryKind.Subtract => a - b,
                BinaryKind.Multiply => a * b,
                _ => a / b,
            };
        }
    }

    /// <summary>
    /// Gradient reduction: dx += sign · (<paramref name="full"/> summed over the axes along which x was broadcast).
    /// <paramref name="full"/> has the output's layout; <paramref name="dx"/> the operand's.
    /// </summary>
    public static void ReduceInto(Span<float> dx, ReadOnlySpan<float> full, BroadcastSide side, float sign)
    {
        switch (side.Kind)
        {
            case BroadcastKind.Full:
                TensorPrimitives.MultiplyAdd(full, sign, dx, dx);
                return;
            case BroadcastKind.Scalar:
                dx[0] += sign * TensorPrimitives.Sum(full);
                return;
            case BroadcastKind.Suffix:
                for (int o = 0; o < full.Length; o += dx.Length)
                {
                    TensorPrimitives.MultiplyAdd(full.Slice(o, dx.Length), sign, dx, dx);
                }

                return;
            default:
                int[] map = side.Map!;
                for (int i = 0; i < full.Length; i++)
                {
                    dx[map[i]] += sign * full[i];
                }

                return;
        }
    }

    private static int Index(BroadcastSide side, int i, int length) => side.Kind switch
    {
        BroadcastKind.Full => i,
        BroadcastKind.Scalar => 0,
        BroadcastKind.Suffix => i % length,
        _ => side.Map![i],
    };

    private static void Vector(BinaryKind op, Span<float> y, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        switch (op)
        {
            case BinaryKind.Add: TensorPrimitives.Add(a, b, y); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(a, b, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    private static void VectorScalar(BinaryKind op, Span<float> y, ReadOnlySpan<float> a, float b)
    {
        switch (op)
        {
            case BinaryKind.Add: TensorPrimitives.Add(a, b, y); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(a, b, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    private static void ScalarVector(BinaryKind op, Span<float> y, float a, ReadOnlySpan<float> b)
    {
        switch (op)
        {
            case BinaryKind.Add: TensorPrimitives.Add(b, a, y); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(b, a, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    internal static int Product(ReadOnlySpan<int> dims)
    {
        int n = 1;
        foreach (int d in dims)
        {
            n *= d;
        }

        return n;
    }
}
