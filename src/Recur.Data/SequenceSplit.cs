namespace Recur.Data;

/// <summary>The part of a data set a sequence belongs to, from a split column whose values are "train" or "test".</summary>
public enum SequenceSplit
{
    /// <summary>"train" in the split column.</summary>
    Train,

    /// <summary>"test" in the split column.</summary>
    Test,
}
