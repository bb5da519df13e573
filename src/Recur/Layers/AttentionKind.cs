namespace Recur.Layers;

/// <summary>How an <see cref="Attention"/> layer scores the time steps.</summary>
public enum AttentionKind
{
    /// <summary>Additive (Bahdanau): e_t = vᵀ tanh(W h_t + b) (pooling) or vᵀ tanh(W_q q + W_k k_t + b) (query–key).</summary>
    Additive = 0,

    /// <summary>Scaled dot product: e_t = qᵀ h_t / √F with a learned query (pooling) or q · k_t / √d (query–key).</summary>
    ScaledDotProduct = 1,
}
