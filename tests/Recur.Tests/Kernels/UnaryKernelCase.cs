using Xunit;

namespace Recur.Tests.Kernels;

/// <summary>
/// One element-wise kernel under test with its double-precision reference twin and tolerances.
/// Forward passes when |y − f(x)| ≤ ForwardRelative·|f(x)| + ForwardAbsolute. Backward is checked against
/// dx0 + dy·f'(x, y) computed in double from the same float inputs: |dx − ref| ≤ BackwardRelative·(|dx0| + |dy·f'|) + 1e-38.
/// </summary>
internal sealed record UnaryKernelCase(
    string Name,
    Action<Span<float>, ReadOnlySpan<float>> Forward,
    Action<Span<float>, ReadOnlySpan<float>, ReadOnlySpan<float>, ReadOnlySpan<float>> Backward,
    Func<double, double> Reference,
    Func<double, double, double> ReferenceDerivative,
    double ForwardRelative,
    double ForwardAbsolute,
    double BackwardRelative)
{
    /// <summary>The six element-wise kernels, with the tolerances the kernels document.</summary>
    public static IReadOnlyDictionary<string, UnaryKernelCase> All { get; } = new Dictionary<string, UnaryKernelCase>
    {
        ["Sigmoid"] = new("Sigmoid", Recur.Kernels.Sigmoid.Forward, Recur.Kernels.Sigmoid.Backward,
            x => 1.0 / (1.0 + Math.Exp(-x)), (_, y) => y * (1.0 - y), 2e-7, MinNormal, 2.5e-7),
        ["Tanh"] = new("Tanh", Recur.Kernels.Tanh.Forward, Recur.Kernels.Tanh.Backward,
            Math.Tanh, (_, y) => 1.0 - y * y, 2.5e-7, 0, 2.5e-7),
        ["Exp"] = new("Exp", Recur.Kernels.Exp.Forward, Recur.Kernels.Exp.Backward,
            Math.Exp, (_, y) => y, 1e-7, MinNormal, 2.5e-7),
        ["Relu"] = new("Relu", Recur.Kernels.Relu.Forward, Recur.Kernels.Relu.Backward,
            x => Math.Max(x, 0.0), (x, _) => x > 0 ? 1.0 : 0.0, 0, 0, 1.2e-7),
        ["Softsign"] = new("Softsign", Recur.Kernels.Softsign.Forward, Recur.Kernels.Softsign.Backward,
            x => x / (1.0 + Math.Abs(x)), (x, _) => 1.0 / ((1.0 + Math.Abs(x)) * (1.0 + Math.Abs(x))), 2e-7, 0, 3e-7),
        ["HardSigmoid"] = new("HardSigmoid", Recur.Kernels.HardSigmoid.Forward, Recur.Kernels.HardSigmoid.Backward,
            x => Math.Clamp(0.2 * x + 0.5, 0.0, 1.0), (x, _) => x > -2.5 && x < 2.5 ? 0.2 : 0.0, 1.2e-7, 1e-7, 1.2e-7),
    };

    /// <summary>Smallest normal float; results below it are subnormal and carry only absolute accuracy.</summary>
    public const double MinNormal = 1.1754943508222875e-38;

    /// <summary>Kernel names for xunit's MemberData.</summary>
    public static TheoryData<string> Names => new(All.Keys);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
