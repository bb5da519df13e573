namespace Recur.Modules;

/// <summary>The activation of a simple (Elman) RNN: h_t = f(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh).</summary>
public enum Nonlinearity
{
    /// <summary>f = tanh (PyTorch's default, <c>nonlinearity='tanh'</c>).</summary>
    Tanh = 0,

    /// <summary>f = max(·, 0) (<c>nonlinearity='relu'</c>); the derivative at 0 is 0.</summary>
    Relu = 1,
}
