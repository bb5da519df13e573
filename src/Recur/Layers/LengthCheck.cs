namespace Recur.Layers;

/// <summary>Checks the lengths of a <see cref="SequenceBatch"/> against its data for the layers of this folder.</summary>
internal static class LengthCheck
{
    /// <summary>
    /// Throws unless <paramref name="lengths"/> is null or holds <paramref name="batch"/> values in 1 … <paramref name="time"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The count or a value is wrong (the message names the layer and the entry).</exception>
    public static void Check(int[]? lengths, int batch, int time, string layer, string paramName)
    {
        if (lengths is null)
        {
            return;
        }

        if (lengths.Length != batch)
        {
            throw new ArgumentException(
                $"{layer}: lengths must hold one value per sequence; expected {batch}, got {lengths.Length}.", paramName);
        }

        for (int b = 0; b < batch; b++)
        {
            if (lengths[b] < 1 || lengths[b] > time)
            {
                throw new ArgumentException(
                    $"{layer}: lengths[{b}] must lie in 1 … {time} (the time axis); got {lengths[b]}.", paramName);
            }
        }
    }

    /// <summary>The valid steps of sequence <paramref name="b"/>: lengths[b], or <paramref name="time"/> when there are no lengths.</summary>
    public static int Of(int[]? lengths, int b, int time) => lengths is null ? time : lengths[b];
}
