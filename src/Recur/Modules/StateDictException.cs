namespace Recur.Modules;

/// <summary>
/// Thrown by <see cref="Module.LoadStateDict"/> when the state does not fit the module. The message lists every
/// problem at once; the lists are also available as properties. Nothing was modified when this is thrown.
/// </summary>
public sealed class StateDictException : ArgumentException
{
    /// <summary>Creates the exception from the problems found.</summary>
    public StateDictException(
        string moduleName,
        IReadOnlyList<string> missingKeys,
        IReadOnlyList<string> unexpectedKeys,
        IReadOnlyList<string> shapeMismatches)
        : base(BuildMessage(moduleName, missingKeys, unexpectedKeys, shapeMismatches), "state")
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        ShapeMismatches = shapeMismatches;
    }

    /// <summary>Keys the module has but the state lacks (reported in strict mode only).</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Keys the state has but the module lacks (reported in strict mode only).</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>One entry per wrong-shaped key: "key: expected (a, b), got (c, d)".</summary>
    public IReadOnlyList<string> ShapeMismatches { get; }

    private static string BuildMessage(
        string moduleName,
        IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected,
        IReadOnlyList<string> shapes)
    {
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add("missing keys: " + string.Join(", ", missing));
        }

        if (unexpected.Count > 0)
        {
            parts.Add("unexpected keys: " + string.Join(", ", unexpected));
        }

        if (shapes.Count > 0)
        {
            parts.Add("wrong shapes: " + string.Join("; ", shapes));
        }

        return $"LoadStateDict: the state does not fit {moduleName} ({string.Join(" | ", parts)}). Nothing was loaded.";
    }
}
