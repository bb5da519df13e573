using Recur.Modules;

namespace Recur.Tests.Golden;

/// <summary>The golden tiny model: x → Lstm → output at the last step → Linear (children "lstm" and "fc").</summary>
internal sealed class LstmLinearModel : Module
{
    public LstmLinearModel(Lstm lstm, Linear fc)
    {
        Lstm = RegisterModule("lstm", lstm);
        Fc = RegisterModule("fc", fc);
    }

    public Lstm Lstm { get; }

    public Linear Fc { get; }

    /// <summary>x (T, B, I) or (B, T, I) → logits (B, C).</summary>
    public Tensor Forward(Tensor x)
    {
        Tensor y = Lstm.Forward(x).Output;
        int timeAxis = Lstm.BatchFirst ? 1 : 0;
        int steps = y.Size(timeAxis);
        Tensor last = y.Slice(timeAxis, steps - 1, 1).Reshape(-1, y.Size(2));
        return Fc.Forward(last);
    }
}
