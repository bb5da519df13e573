using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recur.Cli.Display;
using Recur.Cli.Workflow;
using Recur.Data;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary>
/// <c>recur inspect</c>: the architecture, parameter count, task and columns, training data summary, normalization
/// and the metrics saved with the model.
/// </summary>
internal static class InspectCommand
{
    /// <summary>Runs the command.</summary>
    public static int Run(string modelPath, CliConsole console)
    {
        Model model = Model.Load(modelPath);
        DataRecipe recipe = DataRecipe.From(model, modelPath);
        long parameters = ModelFactory.ParameterCount(model);
        string summary;
        try
        {
            summary = model.Summary([recipe.IsForecast ? recipe.Lookback : -1, recipe.Features.Count]);
        }
        catch (ArgumentException)
        {
            summary = model.Summary();
        }

        if (console.Json)
        {
            var json = new JsonObject
            {
                ["task"] = recipe.Task,
                ["model"] = JsonSerializer.SerializeToNode(recipe.Model),
                ["parameters"] = parameters,
                ["architecture"] = summary,
                ["features"] = Array(recipe.Features),
                ["targets"] = Array(recipe.Targets),
                ["time_column"] = recipe.TimeColumn,
                ["lookback"] = recipe.IsForecast ? recipe.Lookback : null,
                ["horizon"] = recipe.IsForecast ? recipe.Horizon : null,
                ["season"] = recipe.IsForecast ? recipe.Season : null,
                ["classes"] = Array(recipe.ClassNames),
                ["data"] = JsonSerializer.SerializeToNode(recipe.Data),
                ["normalization"] = new JsonObject
                {
                    ["representation"] = recipe.IsForecast ? recipe.Representation : "values",
                    ["input"] = JsonSerializer.SerializeToNode(recipe.InputScaler),
                    ["output"] = recipe.OutputScaler is null ? null : JsonSerializer.SerializeToNode(recipe.OutputScaler),
                },
                ["metrics"] = new JsonObject(model.Metadata.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)
                    .Select(m => KeyValuePair.Create(m.Key, JsonOutput.Number(m.Value)))),
                ["epochs"] = model.Metadata.History.TryGetValue("loss", out var loss) ? loss.Count : 0,
            };
            JsonOutput.Write(console.Out, json);
            return Program.ExitOk;
        }

        console.Heading($"{modelPath}: {(recipe.IsForecast ? "forecasting" : "classification")} model, {recipe.Model.Kind}, {parameters} parameters");
        foreach (string line in summary.Split('\n'))
        {
            console.Line(line.TrimEnd('\r'));
        }

        DataRecipe r = recipe;
        if (r.IsForecast)
        {
            console.Line($"targets: {string.Join(", ", r.Targets)}; features: {string.Join(", ", r.Features)}; time column: {r.TimeColumn ?? "none"}");
            console.Line($"lookback {r.Lookback}, horizon {r.Horizon}, season {(r.Season > 1 ? r.Season.ToString(CultureInfo.InvariantCulture) : "none")}; inputs and outputs are step-to-step changes, z-scored with training statistics");
        }
        else
        {
            console.Line($"classes ({r.ClassNames.Count}): {string.Join(", ", r.ClassNames)}");
            console.Line($"features: {string.Join(", ", r.Features)}; layout {r.Layout}; label {r.LabelColumn}{(r.IdColumn is null ? "" : $", id {r.IdColumn}")}{(r.StepColumn is null ? "" : $", step {r.StepColumn}")}{(r.SplitColumn is null ? "" : $", split {r.SplitColumn}")}");
        }

        TrainingDataSummary d = r.Data;
        console.Line($"trained on {d.File}: {d.Count} {(r.IsForecast ? "rows" : "sequences")}; {d.Train} train, {d.Validation} validation {(r.IsForecast ? "windows" : "sequences")}; held out: {d.HeldOut}{(d.FirstTime is null ? "" : $"; time {d.FirstTime} … {d.LastTime}")}");
        Normalization(console, "input normalization" + (r.IsForecast ? " (of the changes)" : ""), r.InputScaler);
        if (r.OutputScaler is not null)
        {
            Normalization(console, "output normalization (of the target changes)", r.OutputScaler);
        }

        console.Table("metrics at save time", ["metric", "value"],
            model.Metadata.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (IReadOnlyList<string>)[m.Key, CliConsole.Number(m.Value)]));
        return Program.ExitOk;
    }

    private static void Normalization(CliConsole console, string title, ScalerState state) =>
        console.Table(title, ["column", "mean", "std"],
            state.Columns.Select((c, i) => (IReadOnlyList<string>)[c, CliConsole.Number(state.Mean?[i] ?? double.NaN), CliConsole.Number(state.Std?[i] ?? double.NaN)]));

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
