namespace Recur.Modules;

/// <summary>
/// What <see cref="Module.LoadStateDict"/> skipped in non-strict mode (both lists are empty after a strict load).
/// </summary>
/// <param name="MissingKeys">Keys of the module absent from the state (left unchanged).</param>
/// <param name="UnexpectedKeys">Keys of the state the module does not have (ignored).</param>
public sealed record StateDictLoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
