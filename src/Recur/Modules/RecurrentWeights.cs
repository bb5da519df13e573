namespace Recur.Modules;

/// <summary>
/// The four standard parameters of one layer and direction of a recurrent layer, as registered by
/// <see cref="RecurrentLayerBase"/>: <c>weight_ih_l{k}{s}</c> (G·H, in_k), <c>weight_hh_l{k}{s}</c> (G·H, Hout) and,
/// when the layer has biases, <c>bias_ih_l{k}{s}</c> and <c>bias_hh_l{k}{s}</c> (G·H), G being the number of gates.
/// </summary>
/// <param name="WeightIh">The input-to-hidden weight (G·H, in_k).</param>
/// <param name="WeightHh">The hidden-to-hidden weight (G·H, Hout).</param>
/// <param name="BiasIh">The input-to-hidden bias (G·H), or null without biases.</param>
/// <param name="BiasHh">The hidden-to-hidden bias (G·H), or null without biases.</param>
internal sealed record RecurrentWeights(Tensor WeightIh, Tensor WeightHh, Tensor? BiasIh, Tensor? BiasHh);
