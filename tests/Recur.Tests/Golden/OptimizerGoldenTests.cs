using Recur.Optim;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Golden;

public sealed class OptimizerGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => GoldenCase.NamesOfKind("adam_step", "adamw_step", "sgd_step", "sgd_momentum_step", "rmsprop_step");

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepsMatchPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        string[] names = c.Strings("param_names");
        Tensor[] ps = [.. names.Select(n => c.Params[n].ToTensor(requiresGrad: true))];
        Optimizer opt = Create(c, ps);
        double worst = 0;
        int states = 0;
        for (int s = 1; s <= c.Int("num_steps"); s++)
        {
            for (int i = 0; i < names.Length; i++)
            {
                ps[i].Grad = c.Inputs[$"grad_step{s}.{names[i]}"].ToTensor();
            }

            opt.Step();
            for (int i = 0; i < names.Length; i++)
            {
                worst = Math.Max(worst, GoldenCase.AssertClose(ps[i], c.Outputs[$"param_step{s}.{names[i]}"],
                    GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} step {s} {names[i]}"));
                string prefix = $"state_step{s}.";
                string suffix = $".{names[i]}";
                foreach ((string key, GoldenTensor reference) in c.Outputs)
                {
                    if (key.StartsWith(prefix, StringComparison.Ordinal) && key.EndsWith(suffix, StringComparison.Ordinal))
                    {
                        string stateKey = key[prefix.Length..^suffix.Length];
                        Tensor? state = opt.GetState(ps[i], stateKey);
                        Assert.True(state is not null, $"{name}: no state '{stateKey}' for {names[i]}");
                        worst = Math.Max(worst, GoldenCase.AssertClose(state!, reference,
                            GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} step {s} {stateKey} {names[i]}"));
                        states++;
                    }
                }
            }
        }

        Assert.True(states > 0 || c.Kind == "sgd_step" || c.Double("momentum", 0) == 0 && c.Kind.StartsWith("sgd", StringComparison.Ordinal),
            $"{name}: no optimizer state was compared");
        output.WriteLine($"GOLDEN {name}: worst {worst:F3}× tolerance ({states} state tensors)");
    }

    private static Optimizer Create(GoldenCase c, Tensor[] ps)
    {
        double lr = c.Double("lr");
        switch (c.Kind)
        {
            case "adam_step":
            case "adamw_step":
                double[] betas = c.Doubles("betas");
                return c.Kind == "adam_step"
                    ? new Adam(ps, lr, betas[0], betas[1], c.Double("eps"), c.Double("weight_decay"), c.Bool("amsgrad"))
                    : new AdamW(ps, lr, betas[0], betas[1], c.Double("eps"), c.Double("weight_decay"), c.Bool("amsgrad"));
            case "sgd_step":
            case "sgd_momentum_step":
                return new Sgd(ps, lr, c.Double("momentum", 0), c.Double("dampening", 0), c.Double("weight_decay", 0), c.Bool("nesterov"));
            case "rmsprop_step":
                return new RmsProp(ps, lr, c.Double("alpha"), c.Double("eps"), c.Double("weight_decay", 0), c.Double("momentum", 0), c.Bool("centered"));
            default:
                throw new NotSupportedException(c.Kind);
        }
    }
}
