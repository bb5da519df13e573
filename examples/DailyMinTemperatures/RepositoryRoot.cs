namespace Recur.Examples.DailyMinTemperatures;

/// <summary>Finds the repository root: the first folder holding <c>Recur.slnx</c>, walking up from the program's folder, then from the current folder.</summary>
internal static class RepositoryRoot
{
    /// <summary>The path of <paramref name="parts"/> under the repository root.</summary>
    /// <exception cref="DirectoryNotFoundException">No folder above the program or the current folder holds Recur.slnx.</exception>
    public static string Combine(params string[] parts) => Path.Combine([Find(), .. parts]);

    /// <summary>The repository root.</summary>
    /// <exception cref="DirectoryNotFoundException">No folder above the program or the current folder holds Recur.slnx.</exception>
    public static string Find()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Recur.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"Recur.slnx was not found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}; run the example from the repository (or set DataPath).");
    }
}
