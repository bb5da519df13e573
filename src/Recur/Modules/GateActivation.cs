namespace Recur.Modules;

/// <summary>The activation of an LSTM's input, forget and output gates.</summary>
public enum GateActivation
{
    /// <summary>The logistic sigmoid 1 / (1 + e^(−x)) (PyTorch, the default).</summary>
    Sigmoid,

    /// <summary>The hard sigmoid clamp(0.2·x + 0.5, 0, 1) (MATLAB's and Keras's "hard-sigmoid"); derivative 0.2 inside (−2.5, 2.5), 0 outside.</summary>
    HardSigmoid,
}
