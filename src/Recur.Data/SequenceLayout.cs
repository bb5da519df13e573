namespace Recur.Data;

/// <summary>How a sequence-classification CSV lays out its sequences.</summary>
public enum SequenceLayout
{
    /// <summary>One row per time step: a sequence-id column groups the rows, an optional step column orders them.</summary>
    Long,

    /// <summary>
    /// The UCR/UEA univariate layout: one row per sequence, an optional id column, the label, then one column per time
    /// step. Empty cells at the end of a row make that sequence shorter (variable lengths).
    /// </summary>
    Wide,
}
