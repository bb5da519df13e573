using Recur.Kernels;
using Recur.Models;

namespace Recur.Tests.Examples;

/// <summary>Helpers for the example tests: a model's weights as one array, and a run with a given thread limit.</summary>
internal static class ExampleWeights
{
    /// <summary>Every tensor of the state dict (parameters and buffers, in order), concatenated.</summary>
    public static float[] Of(Model model) => [.. model.StateDict().Values.SelectMany(static t => t.AsReadOnlySpan().ToArray())];

    /// <summary>Runs <paramref name="run"/> with <see cref="Parallelism.MaxThreads"/> set to <paramref name="threads"/>, then restores it.</summary>
    public static T WithThreads<T>(int threads, Func<T> run)
    {
        int saved = Parallelism.MaxThreads;
        Parallelism.MaxThreads = threads;
        try
        {
            return run();
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
