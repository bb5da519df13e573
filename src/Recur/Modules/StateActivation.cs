namespace Recur.Modules;

/// <summary>The state activation of an LSTM: applied to the cell candidate g and to the cell state in h = o ⊙ φ(c).</summary>
public enum StateActivation
{
    /// <summary>The hyperbolic tangent (PyTorch, the default).</summary>
    Tanh,

    /// <summary>Softsign x / (1 + |x|) (MATLAB's "softsign"); derivative 1 / (1 + |x|)².</summary>
    Softsign,
}
