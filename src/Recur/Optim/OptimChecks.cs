namespace Recur.Optim;

/// <summary>The preconditions of the optimizers, schedules and clipping (one helper per layer).</summary>
internal static class OptimChecks
{
    /// <summary>Throws unless value ≥ 0 (NaN fails).</summary>
    public static void NonNegative(string owner, string name, double value)
    {
        if (!(value >= 0))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} must be ≥ 0; got {value}.");
        }
    }

    /// <summary>Throws unless value &gt; 0 (NaN fails).</summary>
    public static void Positive(string owner, string name, double value)
    {
        if (!(value > 0))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} must be > 0; got {value}.");
        }
    }

    /// <summary>Throws unless 0 ≤ value &lt; 1.</summary>
    public static void UnitHalfOpen(string owner, string name, double value)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} must be in [0, 1); got {value}.");
        }
    }

    /// <summary>Throws unless 0 ≤ value ≤ 1.</summary>
    public static void Unit(string owner, string name, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} must be in [0, 1]; got {value}.");
        }
    }
}
