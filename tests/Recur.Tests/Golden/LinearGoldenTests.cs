using Recur.Modules;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Golden;

public sealed class LinearGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => GoldenCase.NamesOfKind("linear");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        bool bias = c.Bool("bias", c.Params.ContainsKey("bias"));
        var linear = new Linear(c.Int("in_features"), c.Int("out_features"), bias);
        var state = c.Params.ToDictionary(static kv => kv.Key, static kv => kv.Value.ToTensor());
        linear.LoadStateDict(state);

        Tensor x = c.Inputs["x"].ToTensor(requiresGrad: true);
        Assert.Equal(c.Doubles("input_shape").Select(static d => (int)d), x.Shape);
        Tensor y = linear.Forward(x);
        var worst = new List<double> { GoldenCase.AssertClose(y, c.Outputs["y"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} y") };

        y.Backward(c.Upstream["dy"].ToTensor());
        worst.Add(GoldenCase.AssertClose(x.Grad!, c.Grads["x"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dx"));
        worst.Add(GoldenCase.AssertClose(linear.Weight.Grad!, c.Grads["weight"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dweight"));
        if (bias)
        {
            worst.Add(GoldenCase.AssertClose(linear.Bias!.Grad!, c.Grads["bias"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dbias"));
        }
        else
        {
            Assert.Null(linear.Bias);
            Assert.False(c.Grads.ContainsKey("bias"));
        }

        output.WriteLine($"GOLDEN {name}: worst {worst.Max():F3}× tolerance");
    }
}
