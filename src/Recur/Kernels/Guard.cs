namespace Recur.Kernels;

/// <summary>Shared precondition checks for kernels (span lengths).</summary>
internal static class Guard
{
    public static void SameLength(string nameA, int lengthA, string nameB, int lengthB)
    {
        if (lengthA != lengthB)
        {
            throw new ArgumentException($"Span '{nameA}' has length {lengthA} but '{nameB}' has length {lengthB}; they must be equal.", nameA);
        }
    }

    /// <summary>The element-wise backward rule: x, y and dy all have dx's length.</summary>
    public static void ElementwiseBackward(int dxLength, int xLength, int yLength, int dyLength)
    {
        SameLength("dy", dyLength, "dx", dxLength);
        SameLength("x", xLength, "dx", dxLength);
        SameLength("y", yLength, "dx", dxLength);
    }

    /// <summary>A (rows, cols) block: both non-negative and rows·cols representable as an int.</summary>
    public static int BlockSize(int rows, int cols)
    {
        if (rows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"'rows' must be non-negative but was {rows}.");
        }

        if (cols < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cols), cols, $"'cols' must be non-negative but was {cols}.");
        }

        long size = (long)rows * cols;
        if (size > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows·cols = {rows}·{cols} = {size} exceeds the largest span length {int.MaxValue}.");
        }

        return (int)size;
    }

    public static void AtLeast(string name, int length, int required)
    {
        if (length < required)
        {
            throw new ArgumentException($"Span '{name}' has length {length}; at least {required} is required.", name);
        }
    }
}
