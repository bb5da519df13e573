using System.Runtime.CompilerServices;

// The tests check the chart renderers (LineChart, ConfusionMatrixChart) directly.
[assembly: InternalsVisibleTo("Recur.Tests")]
