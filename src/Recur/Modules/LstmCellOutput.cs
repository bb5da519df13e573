namespace Recur.Modules;

/// <summary>The new state of an <see cref="LstmCell"/> after one step.</summary>
/// <param name="HiddenState">h_1 (B, H).</param>
/// <param name="CellState">c_1 (B, H).</param>
public sealed record LstmCellOutput(Tensor HiddenState, Tensor CellState);
