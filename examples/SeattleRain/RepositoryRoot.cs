namespace Recur.Examples.SeattleRain;

/// <summary>Finds files of the repository (the folder holding Recur.slnx) from wherever the example runs.</summary>
internal static class RepositoryRoot
{
    /// <summary>
    /// The absolute path of <paramref name="relativePath"/> under the repository root, found by walking up from
    /// <see cref="AppContext.BaseDirectory"/> and then from the current directory until a folder holds Recur.slnx.
    /// </summary>
    /// <exception cref="FileNotFoundException">No Recur.slnx above either folder, or the file is not there.</exception>
    public static string File(string relativePath)
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "Recur.slnx")))
                {
                    string path = Path.Combine(dir.FullName, relativePath);
                    return System.IO.File.Exists(path)
                        ? path
                        : throw new FileNotFoundException($"The repository at {dir.FullName} has no {relativePath}.", path);
                }
            }
        }

        throw new FileNotFoundException(
            $"Could not find the repository root (a folder with Recur.slnx) above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}; "
            + $"run from inside the repository or pass the data path.", relativePath);
    }
}
