namespace Recur.Tests.Golden;

/// <summary>A float tensor of a golden case: its shape, the float32 values (<c>data</c>) and the float64 reference (<c>data64</c>).</summary>
public sealed record GoldenTensor(int[] Shape, float[] Data, double[] Data64)
{
    /// <summary>A new tensor holding <see cref="Data"/>, optionally a leaf that requires gradients.</summary>
    public Tensor ToTensor(bool requiresGrad = false)
    {
        Tensor t = Tensor.FromArray(Data, Shape);
        t.RequiresGrad = requiresGrad;
        return t;
    }
}
