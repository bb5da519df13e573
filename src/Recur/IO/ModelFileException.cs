namespace Recur.IO;

/// <summary>
/// Thrown when a <c>.recur</c> model file cannot be read or written: it is missing, empty or truncated, has the wrong
/// magic number, a newer format version, a bad checksum, bad or incomplete JSON, an unknown layer type or bad layer
/// arguments, or weights that do not fit the architecture (missing, unexpected, mis-shaped, or a corrupt safetensors
/// section). The message has the form <c>model file 'path': problem</c>; <see cref="FilePath"/> and
/// <see cref="Problem"/> hold the two parts. See <c>docs/model-format.md</c>.
/// </summary>
public sealed class ModelFileException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/> with a message "model file 'path': problem".</summary>
    /// <param name="filePath">The model file being read or written.</param>
    /// <param name="problem">What is wrong, as a sentence fragment.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelFileException(string filePath, string problem, Exception? innerException = null)
        : base($"model file '{filePath}': {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The path of the model file.</summary>
    public string FilePath { get; }

    /// <summary>The problem, without the file path prefix.</summary>
    public string Problem { get; }
}
