namespace Recur.Data;

/// <summary>The windows of each part of a <see cref="ChronologicalSplit"/>; a part with no rows has no windows (N = 0).</summary>
/// <param name="Train">Windows whose targets lie in the training rows.</param>
/// <param name="Validation">Windows whose targets lie in the validation rows.</param>
/// <param name="Test">Windows whose targets lie in the test rows.</param>
/// <param name="Split">The row split the windows follow.</param>
public sealed record ForecastWindowSplit(ForecastWindows Train, ForecastWindows Validation, ForecastWindows Test, ChronologicalSplit Split);
