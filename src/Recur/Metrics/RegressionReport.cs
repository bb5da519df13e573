namespace Recur.Metrics;

/// <summary>Regression (forecast) metrics of N predictions (see <see cref="RegressionMetrics.Compute(ReadOnlySpan{double}, ReadOnlySpan{double})"/>).</summary>
/// <param name="Rmse">Root mean squared error √(Σ(F−A)²/N), in the data's units.</param>
/// <param name="Mae">Mean absolute error Σ|F−A|/N.</param>
/// <param name="Mape">
/// Mean absolute percentage error, in percent: 100·Σ|F−A|/|A| / M over the M points whose actual value is not 0
/// (points with A = 0 are skipped, since their percentage error is undefined); NaN when every actual value is 0.
/// </param>
/// <param name="MapeCount">M, the number of points MAPE averages over (N minus the zero actual values).</param>
/// <param name="Smape">Symmetric MAPE, in percent (0 … 200): 100·Σ 2|F−A|/(|A|+|F|) / N, a point with A = F = 0 counting 0.</param>
/// <param name="R2">
/// Coefficient of determination 1 − Σ(A−F)²/Σ(A−Ā)² (can be negative). When the actual values are constant
/// (Σ(A−Ā)² = 0), 1 for a perfect prediction and 0 otherwise (scikit-learn's <c>r2_score</c>).
/// </param>
/// <param name="Count">N, the number of points.</param>
public sealed record RegressionReport(double Rmse, double Mae, double Mape, int MapeCount, double Smape, double R2, int Count);
