namespace Recur.Modules;

/// <summary>
/// The parameters of one layer and direction of an LSTM (G = 4 gates, or 3 when coupled; H hidden, Hout = P or H).
/// </summary>
/// <param name="WeightIh">W_ih (G·H, in).</param>
/// <param name="WeightHh">W_hh (G·H, Hout).</param>
/// <param name="BiasIh">b_ih (G·H) or null.</param>
/// <param name="BiasHh">b_hh (G·H) or null.</param>
/// <param name="WeightHr">The projection W_hr (P, H), or null without projection.</param>
/// <param name="PeepholeI">p_i (H) or null.</param>
/// <param name="PeepholeF">p_f (H) or null (also null when coupled).</param>
/// <param name="PeepholeO">p_o (H) or null.</param>
internal sealed record LstmDirectionParameters(
    Tensor WeightIh, Tensor WeightHh, Tensor? BiasIh, Tensor? BiasHh, Tensor? WeightHr,
    Tensor? PeepholeI, Tensor? PeepholeF, Tensor? PeepholeO);
