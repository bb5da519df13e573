namespace Recur.IO;

/// <summary>
/// Thrown when a safetensors file cannot be read: it is missing or unreadable, malformed, or holds data Recur cannot
/// load. The message names the file and the specific problem; <see cref="FilePath"/> holds the path.
/// </summary>
public sealed class SafeTensorsException : IOException
{
    /// <summary>Creates the exception for <paramref name="filePath"/> with a message of the form "safetensors file 'path': problem".</summary>
    /// <param name="filePath">The file being read.</param>
    /// <param name="problem">What is wrong, as a sentence fragment.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SafeTensorsException(string filePath, string problem, Exception? innerException = null)
        : base($"safetensors file '{filePath}': {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The path of the file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>The problem, without the file path prefix.</summary>
    public string Problem { get; }
}
