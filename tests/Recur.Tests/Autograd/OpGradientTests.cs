using Xunit;

namespace Recur.Tests.Autograd;

/// <summary>Finite-difference gradient checks for every autograd operation.</summary>
public sealed class OpGradientTests
{
    private static Tensor Leaf(ulong seed, params int[] shape) => GradCheck.Leaf(seed, -1f, 1f, shape);

    /// <summary>A leaf whose values keep |x − kink| in [0.1, 1] for every kink (for piecewise functions).</summary>
    private static Tensor AwayFromKinks(ulong seed, float[] kinks, params int[] shape)
    {
        Tensor t = Tensor.Uniform(seed, 0.1f, 1f, shape);
        Span<float> v = t.AsSpan();
        for (int i = 0; i < v.Length; i++)
        {
            float kink = kinks[i % kinks.Length];
            float candidate = (i / kinks.Length) % 2 == 0 ? kink + v[i] : kink - v[i];
            foreach (float k in kinks)
            {
                if (MathF.Abs(candidate - k) < 0.1f)
                {
                    candidate = k + 0.1f + MathF.Abs(candidate - k);
                }
            }

            v[i] = candidate;
        }

        t.RequiresGrad = true;
        return t;
    }

    [Theory]
    [InlineData(new[] { 3, 5 }, new[] { 5, 7 })]
    [InlineData(new[] { 1, 4 }, new[] { 4, 1 })]
    [InlineData(new[] { 2, 3, 5 }, new[] { 5, 4 })]
    [InlineData(new[] { 2, 2, 3, 5 }, new[] { 5, 2 })]
    [InlineData(new[] { 2, 3, 5 }, new[] { 2, 5, 4 })]
    [InlineData(new[] { 2, 2, 3, 4 }, new[] { 2, 2, 4, 3 })]
    public void MatMul(int[] shapeA, int[] shapeB)
    {
        GradCheck.Check(x => x[0].MatMul(x[1]), [Leaf(1, shapeA), Leaf(2, shapeB)]);
    }

    [Fact]
    public void MatMulOnlyOneInputRequiresGrad()
    {
        Tensor a = Tensor.Uniform(3, -1f, 1f, 3, 4);
        GradCheck.Check(x => Tensor.MatMul(x[0], x[1]), [a, Leaf(4, 4, 2)]);
        GradCheck.Check(x => Tensor.MatMul(x[0], x[1]), [Leaf(5, 4, 3), Tensor.Uniform(6, -1f, 1f, 3, 2)]);
    }

    public static TheoryData<int[], int[]> BroadcastShapes => new()
    {
        { new[] { 3, 4 }, new[] { 3, 4 } },
        { new[] { 2, 3, 4 }, new[] { 4 } },
        { new[] { 4 }, new[] { 2, 3, 4 } },
        { new[] { 2, 3 }, new int[0] },
        { new[] { 1 }, new[] { 2, 3 } },
        { new[] { 3, 1 }, new[] { 1, 4 } },
        { new[] { 2, 3, 4 }, new[] { 3, 1 } },
        { new[] { 2, 1, 4 }, new[] { 1, 3, 1 } },
        { new[] { 2, 3, 4 }, new[] { 1, 3, 4 } },
        { new[] { 2, 3, 4 }, new[] { 2, 1, 4 } },
    };

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void Add(int[] shapeA, int[] shapeB) => GradCheck.Check(x => x[0] + x[1], [Leaf(7, shapeA), Leaf(8, shapeB)]);

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void Sub(int[] shapeA, int[] shapeB) => GradCheck.Check(x => x[0] - x[1], [Leaf(9, shapeA), Leaf(10, shapeB)]);

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void Mul(int[] shapeA, int[] shapeB) => GradCheck.Check(x => x[0] * x[1], [Leaf(11, shapeA), Leaf(12, shapeB)]);

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void Div(int[] shapeA, int[] shapeB) =>
        GradCheck.Check(x => x[0] / x[1], [Leaf(13, shapeA), GradCheck.Leaf(14, 0.8f, 1.6f, shapeB)]);

    [Fact]
    public void ScalarOperators()
    {
        GradCheck.Check(x => -x[0], [Leaf(15, 2, 3)]);
        GradCheck.Check(x => x[0] * 2.5f, [Leaf(16, 2, 3)]);
        GradCheck.Check(x => -1.5f * x[0], [Leaf(17, 2, 3)]);
        GradCheck.Check(x => x[0] + 3f, [Leaf(18, 2, 3)]);
        GradCheck.Check(x => 3f + x[0], [Leaf(19, 2, 3)]);
        GradCheck.Check(x => x[0] - 3f, [Leaf(20, 2, 3)]);
        GradCheck.Check(x => 3f - x[0], [Leaf(21, 2, 3)]);
        GradCheck.Check(x => x[0] / 4f, [Leaf(22, 2, 3)]);
        GradCheck.Check(x => 2f / x[0], [GradCheck.Leaf(23, 0.8f, 1.6f, 2, 3)]);
    }

    [Fact]
    public void Sigmoid() => GradCheck.Check(x => x[0].Sigmoid(), [GradCheck.Leaf(24, -3f, 3f, 3, 4)]);

    [Fact]
    public void Tanh() => GradCheck.Check(x => x[0].Tanh(), [GradCheck.Leaf(25, -2f, 2f, 3, 4)]);

    [Fact]
    public void Relu() => GradCheck.Check(x => x[0].Relu(), [AwayFromKinks(26, [0f], 3, 4)]);

    [Fact]
    public void Softsign() => GradCheck.Check(x => x[0].Softsign(), [AwayFromKinks(27, [0f], 3, 4)]);

    [Fact]
    public void HardSigmoid() => GradCheck.Check(x => x[0].HardSigmoid(), [AwayFromKinks(28, [-2.5f, 2.5f, 0f], 4, 5)]);

    [Fact]
    public void Exp() => GradCheck.Check(x => x[0].Exp(), [GradCheck.Leaf(29, -1f, 1f, 3, 4)]);

    [Fact]
    public void Log() => GradCheck.Check(x => x[0].Log(), [GradCheck.Leaf(30, 0.5f, 2f, 3, 4)]);

    [Fact]
    public void SumAll() => GradCheck.Check(x => x[0].Sum(), [Leaf(31, 2, 3, 4)]);

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    [InlineData(2, true)]
    public void SumAxis(int axis, bool keepDim) => GradCheck.Check(x => x[0].Sum(axis, keepDim), [Leaf(32, 2, 3, 4)]);

    [Fact]
    public void MeanAll() => GradCheck.Check(x => x[0].Mean(), [Leaf(33, 2, 3, 4)]);

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(-1, true)]
    public void MeanAxis(int axis, bool keepDim) => GradCheck.Check(x => x[0].Mean(axis, keepDim), [Leaf(34, 2, 3, 4)]);

    [Fact]
    public void Reshape() => GradCheck.Check(x => x[0].Reshape(4, -1) * x[1], [Leaf(35, 2, 3, 2), Leaf(36, 4, 3)]);

    [Theory]
    [InlineData(new[] { 3, 4 }, 0, 1)]
    [InlineData(new[] { 2, 3, 4 }, 0, 1)]
    [InlineData(new[] { 2, 3, 4 }, 0, 2)]
    [InlineData(new[] { 2, 3, 4, 2 }, 1, -1)]
    [InlineData(new[] { 2, 3 }, 1, 1)]
    public void Transpose(int[] shape, int axis0, int axis1) =>
        GradCheck.Check(x => x[0].Transpose(axis0, axis1), [Leaf(37, shape)]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Concat(int axis)
    {
        int[] s0 = [2, 3, 2], s1 = [2, 3, 2], s2 = [2, 3, 2];
        int a = axis < 0 ? axis + 3 : axis;
        s1[a] = 1;
        s2[a] = 3;
        GradCheck.Check(x => Tensor.Concat(axis, x[0], x[1], x[2]), [Leaf(38, s0), Leaf(39, s1), Leaf(40, s2)]);
    }

    [Theory]
    [InlineData(0, 1, 2)]
    [InlineData(1, 0, 3)]
    [InlineData(-1, 2, 1)]
    public void Slice(int axis, int start, int length) =>
        GradCheck.Check(x => x[0].Slice(axis, start, length), [Leaf(41, 3, 4, 3)]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void IndexSelectWithRepeats(int axis) =>
        GradCheck.Check(x => x[0].IndexSelect(axis, [2, 0, 2, 1, 2]), [Leaf(42, 3, 3, 3)]);

    [Fact]
    public void Dropout() => GradCheck.Check(x => x[0].Dropout(0.4f, 99), [Leaf(43, 4, 5)]);

    [Fact]
    public void Softmax() => GradCheck.Check(x => x[0].Softmax(), [GradCheck.Leaf(44, -2f, 2f, 2, 3, 5)]);

    [Fact]
    public void LogSoftmax() => GradCheck.Check(x => x[0].LogSoftmax(), [GradCheck.Leaf(45, -2f, 2f, 2, 3, 5)]);

    [Fact]
    public void ComposedLstmLikeStep()
    {
        // gates = x·Wᵀ + h·Uᵀ + b; c' = σ(f)⊙c + σ(i)⊙tanh(g); h' = σ(o)⊙tanh(c').
        GradCheck.Check(
            t =>
            {
                Tensor gates = t[0].MatMul(t[1].Transpose(0, 1)) + t[2].MatMul(t[3].Transpose(0, 1)) + t[4];
                Tensor i = gates.Slice(1, 0, 2).Sigmoid();
                Tensor f = gates.Slice(1, 2, 2).Sigmoid();
                Tensor g = gates.Slice(1, 4, 2).Tanh();
                Tensor o = gates.Slice(1, 6, 2).Sigmoid();
                Tensor c = f * t[5] + i * g;
                return o * c.Tanh();
            },
            [Leaf(46, 3, 4), Leaf(47, 8, 4), Leaf(48, 3, 2), Leaf(49, 8, 2), Leaf(50, 8), Leaf(51, 3, 2)]);
    }
}
