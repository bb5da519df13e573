namespace Recur.Autograd;

/// <summary>
/// Whether operations are recorded for backward on the current thread. Inside a <see cref="NoGrad"/> scope nothing
/// is recorded and nothing is kept for backward (inference).
/// </summary>
public static class GradMode
{
    [ThreadStatic]
    private static int t_disabledDepth;

    /// <summary>True unless the current thread is inside a no-grad scope.</summary>
    public static bool IsEnabled => t_disabledDepth == 0;

    /// <summary>Opens a no-grad scope on this thread; dispose it to leave. Scopes nest.</summary>
    public static NoGradScope NoGrad()
    {
        t_disabledDepth++;
        return new NoGradScope();
    }

    internal static void Exit() => t_disabledDepth--;

    /// <summary>True when grad mode is on and at least one input requires gradients.</summary>
    internal static bool ShouldRecord(ReadOnlySpan<Tensor> inputs)
    {
        if (t_disabledDepth != 0)
        {
            return false;
        }

        foreach (Tensor t in inputs)
        {
            if (t.RequiresGrad)
            {
                return true;
            }
        }

        return false;
    }
}
