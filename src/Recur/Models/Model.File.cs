using Recur.IO;

namespace Recur.Models;

// TEMPORARY placeholder so that checkpoints compile on the training branch: the model-file work replaces this file
// (the .recur format) at merge. Do not rely on its format.
public abstract partial class Model
{
    /// <summary>Saves the model (placeholder: writes the state dict as safetensors; replaced by the .recur format at merge).</summary>
    /// <param name="path">The file to write.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        SafeTensors.Save(path, StateDict());
    }

    /// <summary>Loads a model (placeholder: not available until the .recur format is merged).</summary>
    /// <param name="path">The file to read.</param>
    /// <exception cref="NotSupportedException">Always, in this placeholder.</exception>
    public static Model Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        throw new NotSupportedException($"Model.Load('{path}'): the .recur model file is not merged on this branch yet.");
    }
}
