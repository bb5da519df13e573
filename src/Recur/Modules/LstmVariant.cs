namespace Recur.Modules;

/// <summary>The equations of an LSTM layer beyond its sizes: which gates, which activations, which clipping.</summary>
/// <param name="HiddenSize">H, the cell size.</param>
/// <param name="ProjSize">P, the projection size (0 = none).</param>
/// <param name="Coupled">Coupled input-forget gate (f = 1 − i; gates i, g, o).</param>
/// <param name="Peepholes">Diagonal peepholes (i, f see c_{t−1}; o sees c_t).</param>
/// <param name="CellClip">Clamp c_t to [−clip, clip] when &gt; 0.</param>
/// <param name="HardSigmoidGates">Gate activation clamp(0.2x + 0.5, 0, 1) instead of the sigmoid.</param>
/// <param name="SoftsignState">State activation x / (1 + |x|) instead of tanh.</param>
internal sealed record LstmVariant(
    int HiddenSize, int ProjSize, bool Coupled, bool Peepholes, float CellClip, bool HardSigmoidGates, bool SoftsignState)
{
    /// <summary>G: the number of gate blocks (4, or 3 when coupled).</summary>
    public int GateCount => Coupled ? 3 : 4;

    /// <summary>Hout: P when projected, otherwise H.</summary>
    public int OutputSize => ProjSize > 0 ? ProjSize : HiddenSize;
}
