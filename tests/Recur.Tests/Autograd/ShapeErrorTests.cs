using Xunit;

namespace Recur.Tests.Autograd;

/// <summary>Bad shapes and arguments give clear errors naming the operation, the rule and the shapes.</summary>
public sealed class ShapeErrorTests
{
    [Fact]
    public void MatMulInnerMismatch()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 5).MatMul(Tensor.Zeros(4, 7)));
        Assert.Contains("MatMul", e.Message);
        Assert.Contains("(3, 5)", e.Message);
        Assert.Contains("(4, 7)", e.Message);
        Assert.Contains("(k, n)", e.Message);
    }

    [Fact]
    public void MatMulRankAndBatchMismatch()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(5).MatMul(Tensor.Zeros(5, 2)));
        Assert.Contains("MatMul", e.Message);
        Assert.Contains("(5,)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3, 4).MatMul(Tensor.Zeros(3, 4, 2)));
        Assert.Contains("(2, 3, 4)", e.Message);
        Assert.Contains("(3, 4, 2)", e.Message);
    }

    [Theory]
    [InlineData("Add")]
    [InlineData("Sub")]
    [InlineData("Mul")]
    [InlineData("Div")]
    public void BroadcastMismatch(string op)
    {
        Tensor a = Tensor.Zeros(2, 3), b = Tensor.Zeros(2, 4);
        Func<Tensor> f = op switch
        {
            "Add" => () => a + b,
            "Sub" => () => a - b,
            "Mul" => () => a * b,
            _ => () => a / b,
        };
        var e = Assert.Throws<ArgumentException>(() => f());
        Assert.Contains(op, e.Message);
        Assert.Contains("(2, 3)", e.Message);
        Assert.Contains("(2, 4)", e.Message);
    }

    [Fact]
    public void ReshapeErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(4, 2));
        Assert.Contains("Reshape", e.Message);
        Assert.Contains("(2, 3)", e.Message);
        Assert.Contains("(4, 2)", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(-1, -1));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(4, -1));
    }

    [Fact]
    public void AxisErrors()
    {
        Tensor x = Tensor.Zeros(2, 3);
        Assert.Contains("Transpose", Assert.Throws<ArgumentOutOfRangeException>(() => x.Transpose(0, 2)).Message);
        Assert.Contains("Sum", Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum(2)).Message);
        Assert.Contains("Mean", Assert.Throws<ArgumentOutOfRangeException>(() => x.Mean(-3)).Message);
    }

    [Fact]
    public void SliceAndIndexErrors()
    {
        Tensor x = Tensor.Zeros(2, 3);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(1, 2, 2));
        Assert.Contains("Slice", e.Message);
        Assert.Contains("(2, 3)", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(1, -1, 1));
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexSelect(1, [0, 3]));
        Assert.Contains("IndexSelect", e2.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexSelect(0, [-1]));
    }

    [Fact]
    public void ConcatErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Concat(0, Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)));
        Assert.Contains("Concat", e.Message);
        Assert.Contains("(2, 4)", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Concat(0));
        Assert.Throws<ArgumentException>(() => Tensor.Concat(0, Tensor.Zeros(2, 3), Tensor.Zeros(2, 3, 1)));
    }

    [Fact]
    public void SoftmaxOfScalar()
    {
        Assert.Contains("Softmax", Assert.Throws<ArgumentException>(() => Tensor.Scalar(1f).Softmax()).Message);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void DropoutProbabilityOutOfRange(float p)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(3).Dropout(p, 1));
        Assert.Equal("p", e.ParamName);
    }
}
