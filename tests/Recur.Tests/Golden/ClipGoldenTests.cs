using Recur.Optim;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Golden;

public sealed class ClipGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> NormCases => GoldenCase.NamesOfKind("clip_grad_norm");

    public static TheoryData<string> ValueCases => GoldenCase.NamesOfKind("clip_grad_value");

    [Theory]
    [MemberData(nameof(NormCases))]
    public void ClipGradNormMatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        Tensor[] ps = Parameters(c, out string[] names);
        float total = GradClip.ClipGradNorm(ps, (float)c.Double("max_norm"), (float)c.Double("norm_type"));
        double worst = GoldenCase.AssertClose([total], c.Outputs["total_norm"].Data64, GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} total_norm");
        for (int i = 0; i < names.Length; i++)
        {
            worst = Math.Max(worst, GoldenCase.AssertClose(ps[i].Grad!, c.Outputs[$"grad.{names[i]}"],
                GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} grad.{names[i]}"));
        }

        output.WriteLine($"GOLDEN {name}: worst {worst:F3}× tolerance");
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void ClipGradValueMatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        Tensor[] ps = Parameters(c, out string[] names);
        GradClip.ClipGradValue(ps, (float)c.Double("clip_value"));
        double worst = 0;
        for (int i = 0; i < names.Length; i++)
        {
            worst = Math.Max(worst, GoldenCase.AssertClose(ps[i].Grad!, c.Outputs[$"grad.{names[i]}"],
                GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} grad.{names[i]}"));
        }

        output.WriteLine($"GOLDEN {name}: worst {worst:F3}× tolerance");
    }

    private static Tensor[] Parameters(GoldenCase c, out string[] names)
    {
        names = c.Strings("param_names");
        var ps = new Tensor[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            ps[i] = c.Params[names[i]].ToTensor(requiresGrad: true);
            ps[i].Grad = c.Inputs[$"grad.{names[i]}"].ToTensor();
        }

        return ps;
    }
}
