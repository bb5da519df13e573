namespace Recur.Cli.Reporting;

/// <summary>How a chart maps values onto its vertical axis.</summary>
public enum AxisScale
{
    /// <summary>Logarithmic when every value is positive and the values span more than two decades (max / min &gt; 100); linear otherwise.</summary>
    Auto,

    /// <summary>Always linear.</summary>
    Linear,

    /// <summary>Logarithmic (base 10) when every value is positive; linear otherwise (a log axis cannot show zero or negative values).</summary>
    Log,
}
