using Xunit;

namespace Recur.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void LeafBackwardAccumulatesSeed()
    {
        var x = Tensor.FromArray([3f], 1);
        x.RequiresGrad = true;
        x.Backward();
        x.Backward();
        Assert.Equal(2f, x.Grad!.AsSpan()[0]);
    }
}
