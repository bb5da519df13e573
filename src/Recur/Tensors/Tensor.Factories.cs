namespace Recur;

public sealed partial class Tensor
{
    /// <summary>A tensor holding a copy of <paramref name="data"/> with the given shape (row-major).</summary>
    /// <exception cref="ArgumentException">The shape has a negative length or its product differs from data.Length.</exception>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        int n = CheckShape(shape, "FromArray");
        if (n != data.Length)
        {
            throw new ArgumentException(
                $"FromArray: shape {FormatShape(shape)} holds {n} elements but data has {data.Length}.", nameof(data));
        }

        return new Tensor((float[])data.Clone(), (int[])shape.Clone());
    }

    /// <summary>A one-element tensor of shape () holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(float value) => new([value], []);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[CheckShape(shape, "Zeros")], (int[])shape.Clone());

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var data = new float[CheckShape(shape, "Full")];
        data.AsSpan().Fill(value);
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>
    /// Uniform values in [<paramref name="low"/>, <paramref name="high"/>) from a counter-based generator:
    /// element i depends only on (seed, i), so the same seed gives the same numbers on any thread count.
    /// </summary>
    public static Tensor Uniform(ulong seed, float low, float high, params int[] shape)
    {
        var data = new float[CheckShape(shape, "Uniform")];
        CounterRandom.FillUniform(data, seed, 0, low, high);
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>
    /// Normal values with the given mean and standard deviation from a counter-based generator
    /// (Box–Muller over (seed, i) pairs): deterministic for a seed, independent of the thread count.
    /// </summary>
    public static Tensor Normal(ulong seed, float mean, float std, params int[] shape)
    {
        var data = new float[CheckShape(shape, "Normal")];
        CounterRandom.FillNormal(data, seed, 0, mean, std);
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>A new zero tensor with the same shape as <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => new(new float[like.Length], (int[])like._shape.Clone());

    /// <summary>Wraps an array the caller hands over (no copy). For library code that just allocated it.</summary>
    internal static Tensor Wrap(float[] data, int[] shape) => new(data, shape);

    internal static int CheckShape(int[] shape, string operation)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"{operation}: shape {FormatShape(shape)} has a negative length.", nameof(shape));
            }

            n *= d;
            if (n > Array.MaxLength)
            {
                throw new ArgumentException($"{operation}: shape {FormatShape(shape)} has more than {Array.MaxLength} elements.", nameof(shape));
            }
        }

        return (int)n;
    }
}
