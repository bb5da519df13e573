namespace Recur.Layers;

/// <summary>
/// A layer that draws random numbers while training (dropout masks, noise). <c>Model.Fit</c> calls
/// <see cref="Reseed"/> on every module of the model that implements this interface before the first iteration, with
/// a seed derived from <c>TrainingOptions.Seed</c> and the module's position in the model, so that the same
/// options give the same masks (and bit-identical weights) in every run.
/// </summary>
public interface IStochasticLayer
{
    /// <summary>Restarts the layer's random stream from <paramref name="seed"/> (e.g. resets its call counter).</summary>
    /// <param name="seed">The new seed.</param>
    void Reseed(ulong seed);
}
