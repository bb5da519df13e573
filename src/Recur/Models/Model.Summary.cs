using System.Globalization;
using System.Text;
using Recur.Layers;
using Recur.Modules;

namespace Recur.Models;

/// <summary>The text summary of a model (Keras's <c>model.summary()</c>).</summary>
public abstract partial class Model
{
    /// <summary>
    /// True when the children run one after the other in registration order (a <see cref="Sequential"/>), so that the
    /// summary can chain their output shapes.
    /// </summary>
    internal virtual bool ChainsChildren => false;

    /// <summary>
    /// A text table of the model: one row per child layer (index, name and type, per-sample output shape, parameter
    /// count), then the total, trainable and non-trainable parameter counts and the buffer elements (normalization
    /// statistics). Shapes are written with the batch axis as B and a variable length as T, e.g. (B, T, 200).
    /// The library never prints: the CLI or the caller writes the string.
    /// </summary>
    /// <param name="inputShape">
    /// The per-sample input shape, e.g. [-1, 12] for sequences of 12 features of any length; null to infer it from a
    /// first <see cref="SequenceInput"/> layer (otherwise the shapes are shown as "?").
    /// </param>
    /// <returns>The table, lines separated by '\n'.</returns>
    /// <exception cref="ArgumentException">A layer of a <see cref="Sequential"/> rejects the shape its predecessor gives (the message names it).</exception>
    public string Summary(int[]? inputShape = null)
    {
        var children = NamedChildren().ToList();
        if (inputShape is null && children.Count > 0 && children[0].Module is SequenceInput first)
        {
            inputShape = [-1, first.Features];
        }

        var rows = new List<string[]>();
        int[]? shape = inputShape;
        int index = 0;
        foreach ((string name, Module child) in children)
        {
            string label = name == index.ToString(CultureInfo.InvariantCulture) ? child.DisplayName : $"{name}: {child.DisplayName}";
            string shapeText = "?";
            if (ChainsChildren && shape is not null && child is Layer layer)
            {
                shape = layer.OutputShape(shape);
                shapeText = FormatSampleShape(shape);
            }

            rows.Add([index.ToString(CultureInfo.InvariantCulture), label, shapeText, Count(child.Parameters()).ToString(CultureInfo.InvariantCulture)]);
            index++;
        }

        long own = Count(Parameters()) - children.Sum(static c => Count(c.Module.Parameters()));
        if (own > 0)
        {
            rows.Add([string.Empty, "(own parameters)", string.Empty, own.ToString(CultureInfo.InvariantCulture)]);
        }

        string[] header = ["#", "Layer (type)", "Output shape", "Params"];
        var widths = new int[header.Length];
        foreach (string[] row in rows.Prepend(header))
        {
            for (int c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        int total = widths.Sum() + (3 * (widths.Length - 1));
        var sb = new StringBuilder();
        sb.Append("Model: ").Append(GetType().Name).Append('\n');
        sb.Append("Input shape: ").Append(inputShape is null ? "?" : FormatSampleShape(inputShape)).Append('\n');
        sb.Append(new string('-', total)).Append('\n');
        AppendRow(sb, header, widths);
        sb.Append(new string('-', total)).Append('\n');
        foreach (string[] row in rows)
        {
            AppendRow(sb, row, widths);
        }

        sb.Append(new string('=', total)).Append('\n');
        long totalParams = Count(Parameters());
        long trainable = Count(Parameters().Where(static p => p.RequiresGrad));
        string outputText = "?";
        if (inputShape is not null)
        {
            outputText = ChainsChildren ? FormatSampleShape(OutputShape(inputShape)) : TryOutputShape(inputShape);
        }

        sb.Append("Output shape: ").Append(outputText).Append('\n');
        sb.Append("Total params: ").Append(totalParams.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("Trainable params: ").Append(trainable.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("Non-trainable params: ").Append((totalParams - trainable).ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("Buffers: ").Append(Count(NamedBuffers().Select(static b => b.Buffer)).ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    /// <summary>(B, …) with −1 written as T.</summary>
    private static string FormatSampleShape(int[] shape) =>
        "(" + string.Join(", ", shape.Select(static d => d < 0 ? "T" : d.ToString(CultureInfo.InvariantCulture)).Prepend("B")) + ")";

    private static long Count(IEnumerable<Tensor> tensors) => tensors.Sum(static t => (long)t.Length);

    private static void AppendRow(StringBuilder sb, string[] row, int[] widths)
    {
        var line = new StringBuilder();
        for (int c = 0; c < row.Length; c++)
        {
            if (c > 0)
            {
                line.Append("   ");
            }

            // Numbers (the last column) align right, text left.
            line.Append(c == row.Length - 1 ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]));
        }

        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private string TryOutputShape(int[] inputShape)
    {
        try
        {
            return FormatSampleShape(OutputShape(inputShape));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or NotImplementedException or InvalidOperationException)
        {
            return "?";
        }
    }
}
