using Xunit;

namespace Recur.Tests.Autograd;

/// <summary>Forward values of the operations against hand-computed results.</summary>
public sealed class OpForwardTests
{
    private static void Equal(float[] expected, Tensor actual, int[] shape, float tol = 1e-6f)
    {
        Assert.Equal(shape, actual.Shape);
        float[] got = actual.ToArray();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - got[i]) <= tol, $"element {i}: expected {expected[i]}, got {got[i]}");
        }
    }

    [Fact]
    public void MatMul2D()
    {
        var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var b = Tensor.FromArray([7, 8, 9, 10, 11, 12], 3, 2);
        Equal([58, 64, 139, 154], a.MatMul(b), [2, 2]);
    }

    [Fact]
    public void MatMulLeadingDimsAndBatched()
    {
        var a = Tensor.FromArray([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2);
        var b = Tensor.FromArray([1, 0, 0, 2], 2, 2);
        Equal([1, 4, 3, 8, 5, 12, 7, 16], a.MatMul(b), [2, 2, 2]);
        var bb = Tensor.FromArray([1, 0, 0, 1, 0, 1, 1, 0], 2, 2, 2);
        Equal([1, 2, 3, 4, 6, 5, 8, 7], Tensor.MatMul(a, bb), [2, 2, 2]);
    }

    [Fact]
    public void MatMulEmptyInnerGivesZeros()
    {
        Equal([0, 0, 0, 0, 0, 0], Tensor.Zeros(2, 0).MatMul(Tensor.Zeros(0, 3)), [2, 3]);
        Equal([], Tensor.Zeros(0, 4).MatMul(Tensor.Ones(4, 3)), [0, 3]);
    }

    [Fact]
    public void BroadcastArithmetic()
    {
        var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var bias = Tensor.FromArray([10, 20, 30], 3);
        var col = Tensor.FromArray([1, 2], 2, 1);
        Equal([11, 22, 33, 14, 25, 36], a + bias, [2, 3]);
        Equal([-9, -18, -27, -6, -15, -24], a - bias, [2, 3]);
        Equal([1, 2, 3, 8, 10, 12], a * col, [2, 3]);
        Equal([1, 2, 3, 2, 2.5f, 3], a / col, [2, 3]);
        Equal([2, 4, 6, 8, 10, 12], a * Tensor.Scalar(2f), [2, 3]);
        Equal([11, 21, 31, 12, 22, 32], Tensor.FromArray([10, 20, 30], 1, 3) + col, [2, 3]);
    }

    [Fact]
    public void ScalarArithmetic()
    {
        var a = Tensor.FromArray([1, 2, -4], 3);
        Equal([3, 4, -2], a + 2f, [3]);
        Equal([3, 4, -2], 2f + a, [3]);
        Equal([-1, 0, -6], a - 2f, [3]);
        Equal([1, 0, 6], 2f - a, [3]);
        Equal([3, 6, -12], a * 3f, [3]);
        Equal([3, 6, -12], 3f * a, [3]);
        Equal([0.5f, 1, -2], a / 2f, [3]);
        Equal([4, 2, -1], 4f / a, [3]);
        Equal([-1, -2, 4], -a, [3]);
    }

    [Fact]
    public void Activations()
    {
        var x = Tensor.FromArray([-3f, -1f, 0f, 0.5f, 3f], 5);
        Equal([0.0474258732f, 0.268941421f, 0.5f, 0.622459331f, 0.952574127f], x.Sigmoid(), [5]);
        Equal([-0.995054754f, -0.761594156f, 0f, 0.462117157f, 0.995054754f], x.Tanh(), [5]);
        Equal([0, 0, 0, 0.5f, 3], x.Relu(), [5]);
        Equal([-0.75f, -0.5f, 0f, 1f / 3f, 0.75f], x.Softsign(), [5]);
        Equal([0, 0.3f, 0.5f, 0.6f, 1], x.HardSigmoid(), [5]);
        Equal([0.0497870684f, 0.367879441f, 1f, 1.64872127f, 20.0855369f], x.Exp(), [5], 1e-5f);
        Equal([0f, 0.693147181f, -0.693147181f], Tensor.FromArray([1f, 2f, 0.5f], 3).Log(), [3]);
    }

    [Fact]
    public void Reductions()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Equal([21], x.Sum(), []);
        Equal([5, 7, 9], x.Sum(0), [3]);
        Equal([6, 15], x.Sum(1, keepDim: true), [2, 1]);
        Equal([3.5f], x.Mean(), []);
        Equal([2.5f, 3.5f, 4.5f], x.Mean(0, keepDim: true), [1, 3]);
        Equal([2, 5], x.Mean(-1), [2]);
    }

    [Fact]
    public void ShapeOps()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Equal([1, 2, 3, 4, 5, 6], x.Reshape(3, -1), [3, 2]);
        Equal([1, 4, 2, 5, 3, 6], x.Transpose(0, 1), [3, 2]);
        Equal([1, 4, 2, 5, 3, 6], x.Transpose(-1, 0), [3, 2]);
        var y = Tensor.FromArray([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2); // y[i, j, k] = 4i + 2j + k + 1
        Equal([1, 5, 3, 7, 2, 6, 4, 8], y.Transpose(0, 2), [2, 2, 2]);
        Equal([2, 3, 5, 6], x.Slice(1, 1, 2), [2, 2]);
        Equal([4, 5, 6], x.Slice(0, 1, 1), [1, 3]);
        Equal([3, 1, 3, 6, 4, 6], x.IndexSelect(1, [2, 0, 2]), [2, 3]);
        Equal([4, 5, 6, 4, 5, 6], x.IndexSelect(0, [1, 1]), [2, 3]);
        var z = Tensor.FromArray([7, 8], 2, 1);
        Equal([1, 2, 3, 7, 4, 5, 6, 8], Tensor.Concat(1, x, z), [2, 4]);
        Equal([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6], Tensor.Concat(0, x, x), [4, 3]);
    }

    [Fact]
    public void SoftmaxRows()
    {
        var x = Tensor.FromArray([0, 0, 0, 1, 2, 3], 2, 3);
        float e1 = MathF.E, e2 = MathF.E * MathF.E, s = 1 + e1 + e2;
        Equal([1f / 3, 1f / 3, 1f / 3, 1 / s, e1 / s, e2 / s], x.Softmax(), [2, 3]);
        float lse = MathF.Log(s);
        Equal([-MathF.Log(3), -MathF.Log(3), -MathF.Log(3), -lse, 1 - lse, 2 - lse], x.LogSoftmax(), [2, 3], 1e-5f);
        Equal([1, 1], x.Softmax().Sum(-1), [2], 1e-6f);
    }

    [Fact]
    public void ResultsDoNotAliasInputs()
    {
        var x = Tensor.FromArray([1, 2, 3, 4], 2, 2);
        Tensor r = x.Reshape(4);
        Tensor s = x.Slice(0, 0, 1);
        x.AsSpan()[0] = 100f;
        Assert.Equal(1f, r[0]);
        Assert.Equal(1f, s[0, 0]);
    }
}
