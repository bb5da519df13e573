using Recur.IO;

namespace Recur.Models;

public abstract partial class Model
{
    /// <summary>
    /// Writes this model to a <c>.recur</c> file (format described in docs/model-format.md): a magic number and a
    /// format version, the architecture (<see cref="Layers.Layer.GetConfig"/>) and <see cref="Metadata"/> as JSON,
    /// every parameter and buffer (<see cref="Modules.Module.StateDict"/>) as a safetensors payload, and a CRC-32C
    /// checksum. The file is written to a temporary file in the same directory, flushed to disk and renamed over
    /// <paramref name="path"/>, so a failed or interrupted save leaves any previous file at that path unchanged.
    /// </summary>
    /// <param name="path">The file to write (replaced if it exists); ".recur" is the customary extension.</param>
    /// <exception cref="ArgumentException">The path is empty, or the architecture, metadata or state cannot be written (the message says which).</exception>
    /// <exception cref="ModelFileException">Writing or renaming the file failed (the previous file is unchanged).</exception>
    public void Save(string path) => ModelFile.Write(this, path);

    /// <summary>
    /// Reads a <c>.recur</c> file written by <see cref="Save"/>: rebuilds the architecture through
    /// <see cref="Layers.LayerRegistry.Create"/> (custom layers and models must be registered first), loads the weights
    /// and buffers strictly, fills <see cref="Metadata"/>, and returns the model in eval mode. The round trip is
    /// bit-exact: weights, buffers, metadata and therefore outputs.
    /// </summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model, in eval mode.</returns>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="ModelFileException">
    /// The file is missing, empty or truncated, has the wrong magic number, a newer major format version or a bad
    /// checksum, holds bad JSON or JSON missing a section, an unknown layer type or bad layer arguments, or weights that
    /// are missing, unexpected, mis-shaped or corrupt. The message names the file and the problem.
    /// </exception>
    public static Model Load(string path) => ModelFile.Read(path);
}
