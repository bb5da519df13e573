namespace Recur.Cli.Workflow;

/// <summary>Seeded stratified hold-out: about the same fraction of every class is held out.</summary>
internal static class StratifiedSplit
{
    /// <summary>
    /// Splits the indices 0 … N − 1 by class: of each class with c members, round(c · fraction) are held out (at
    /// least 1 when c ≥ 3, never all), chosen by a seeded shuffle.
    /// </summary>
    /// <returns>The kept and held-out indices, each in increasing order.</returns>
    public static (int[] Kept, int[] HeldOut) Split(IReadOnlyList<int> labels, double fraction, int seed)
    {
        var random = new Random(seed);
        var kept = new List<int>();
        var held = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            int[] members = group.ToArray();
            random.Shuffle(members);
            int take = (int)Math.Round(members.Length * fraction, MidpointRounding.AwayFromZero);
            if (members.Length >= 3)
            {
                take = Math.Max(1, take);
            }

            take = Math.Min(take, members.Length - 1);
            held.AddRange(members.Take(take));
            kept.AddRange(members.Skip(take));
        }

        kept.Sort();
        held.Sort();
        return (kept.ToArray(), held.ToArray());
    }
}
