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

    public static void AtLeast(string name, int length, int required)
    {
        if (length < required)
        {
            throw new ArgumentException($"Span '{name}' has length {length}; at least {required} is required.", name);
        }
    }
}
