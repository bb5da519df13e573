using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Recur.Data;
using Recur.IO;
using Recur.Models;

namespace Recur.Cli.Workflow;

/// <summary>
/// Everything the CLI needs to prepare new data exactly as it prepared the training data — the task, the columns and
/// their roles, the window sizes, the season and the fitted scalers — plus a summary of the training data. Stored
/// under <see cref="ExtraKey"/> in the model file's <c>Metadata.Extra</c>, so evaluate, predict, forecast and inspect
/// need only the model and a data file.
/// </summary>
internal sealed record DataRecipe
{
    /// <summary>The key of the recipe in <see cref="ModelMetadata.Extra"/>.</summary>
    public const string ExtraKey = "recur_cli";

    /// <summary>"forecast" or "classify".</summary>
    [JsonPropertyName("task")]
    public required string Task { get; init; }

    /// <summary>The F input columns, in the order the model sees them (for the wide layout: "value").</summary>
    [JsonPropertyName("features")]
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Forecasting: the K target columns.</summary>
    [JsonPropertyName("targets")]
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>Forecasting: the time column, or null.</summary>
    [JsonPropertyName("time_column")]
    public string? TimeColumn { get; init; }

    /// <summary>Forecasting: L, the input steps per window.</summary>
    [JsonPropertyName("lookback")]
    public int Lookback { get; init; }

    /// <summary>Forecasting: H, the steps forecast per window.</summary>
    [JsonPropertyName("horizon")]
    public int Horizon { get; init; }

    /// <summary>Forecasting: the season used by the seasonal-naive baseline (1 = none).</summary>
    [JsonPropertyName("season")]
    public int Season { get; init; } = 1;

    /// <summary>
    /// Forecasting: how the model sees the series. "difference": inputs are the step-to-step changes of the features,
    /// outputs the next H changes of the targets, both z-scored with statistics of the training part; forecasts add
    /// the changes up from the last observed value, so trends beyond the training range carry on.
    /// </summary>
    [JsonPropertyName("representation")]
    public string Representation { get; init; } = "difference";

    /// <summary>Missing-value policy: "error", "forward", "linear" or "zero".</summary>
    [JsonPropertyName("fill")]
    public string Fill { get; init; } = "error";

    /// <summary>Classification: "long" or "wide".</summary>
    [JsonPropertyName("layout")]
    public string? Layout { get; init; }

    /// <summary>Classification: the sequence-id column.</summary>
    [JsonPropertyName("id_column")]
    public string? IdColumn { get; init; }

    /// <summary>Classification: the label column.</summary>
    [JsonPropertyName("label_column")]
    public string? LabelColumn { get; init; }

    /// <summary>Classification: the step column, or null.</summary>
    [JsonPropertyName("step_column")]
    public string? StepColumn { get; init; }

    /// <summary>Classification: the train/test split column, or null.</summary>
    [JsonPropertyName("split_column")]
    public string? SplitColumn { get; init; }

    /// <summary>Classification: the class names (index = class).</summary>
    [JsonPropertyName("class_names")]
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>The scaler of the model inputs (forecasting: of the feature changes; classification: of the features).</summary>
    [JsonPropertyName("input_scaler")]
    public required ScalerState InputScaler { get; init; }

    /// <summary>Forecasting: the scaler of the target changes (the model outputs).</summary>
    [JsonPropertyName("output_scaler")]
    public ScalerState? OutputScaler { get; init; }

    /// <summary>The architecture options the model was built with.</summary>
    [JsonPropertyName("model")]
    public required ModelOptions Model { get; init; }

    /// <summary>What the model was trained on.</summary>
    [JsonPropertyName("data")]
    public required TrainingDataSummary Data { get; init; }

    /// <summary>True for the forecasting task.</summary>
    [JsonIgnore]
    public bool IsForecast => Task == TaskNames.Forecast;

    /// <summary>Stores the recipe in the model's metadata.</summary>
    public void SaveTo(Model model)
    {
        model.Metadata.Extra[ExtraKey] = JsonSerializer.SerializeToNode(this);
    }

    /// <summary>The recipe of a model trained by the CLI.</summary>
    /// <exception cref="ModelFileException">The model file has no (valid) recipe.</exception>
    public static DataRecipe From(Model model, string path)
    {
        if (!model.Metadata.Extra.TryGetPropertyValue(ExtraKey, out JsonNode? node) || node is null)
        {
            throw new ModelFileException(path, $"the model was not trained by 'recur train' (its metadata has no '{ExtraKey}' section with the task, columns and scalers).");
        }

        try
        {
            DataRecipe recipe = node.Deserialize<DataRecipe>() ?? throw new JsonException("null");
            if (recipe.Task is not (TaskNames.Forecast or TaskNames.Classify) || recipe.Features.Count == 0
                || (recipe.IsForecast && (recipe.Targets.Count == 0 || recipe.Lookback < 1 || recipe.Horizon < 1 || recipe.OutputScaler is null)))
            {
                throw new JsonException("incomplete recipe");
            }

            return recipe;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ModelFileException(path, $"the '{ExtraKey}' metadata section is damaged ({e.Message}).", e);
        }
    }

    /// <summary>Loads a model file and its recipe.</summary>
    /// <exception cref="ModelFileException">The file cannot be read or has no recipe.</exception>
    public static (Model Model, DataRecipe Recipe) Load(string path)
    {
        Model model = Recur.Models.Model.Load(path);
        return (model, From(model, path));
    }

    /// <summary>The missing-value policy of <see cref="Fill"/>.</summary>
    public MissingValuePolicy FillPolicy => ParseFill(Fill);

    /// <summary>Parses "error", "forward", "linear" or "zero".</summary>
    public static MissingValuePolicy ParseFill(string fill) => fill switch
    {
        "forward" => MissingValuePolicy.Forward,
        "linear" => MissingValuePolicy.Linear,
        "zero" => MissingValuePolicy.Zero,
        _ => MissingValuePolicy.Error,
    };
}

/// <summary>The task names of <c>--task</c>.</summary>
internal static class TaskNames
{
    /// <summary>Time-series forecasting.</summary>
    public const string Forecast = "forecast";

    /// <summary>Sequence classification.</summary>
    public const string Classify = "classify";
}

/// <summary>The architecture options of <c>recur train</c>.</summary>
/// <param name="Kind">"lstm", "bilstm", "gru" or "bigru".</param>
/// <param name="Hidden">Hidden units per direction.</param>
/// <param name="Layers">Stacked recurrent layers.</param>
/// <param name="Dropout">Dropout between the recurrent layers and before the output layer.</param>
/// <param name="Attention">Attention pooling over the steps instead of the last state.</param>
internal sealed record ModelOptions(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("hidden")] int Hidden,
    [property: JsonPropertyName("layers")] int Layers,
    [property: JsonPropertyName("dropout")] double Dropout,
    [property: JsonPropertyName("attention")] bool Attention);

/// <summary>A summary of the training data kept in the model file.</summary>
internal sealed record TrainingDataSummary
{
    /// <summary>The training data file's name.</summary>
    [JsonPropertyName("file")]
    public required string File { get; init; }

    /// <summary>Forecasting: rows in the file; classification: sequences in the file.</summary>
    [JsonPropertyName("count")]
    public int Count { get; init; }

    /// <summary>Training windows or sequences.</summary>
    [JsonPropertyName("train")]
    public int Train { get; init; }

    /// <summary>Validation windows or sequences.</summary>
    [JsonPropertyName("validation")]
    public int Validation { get; init; }

    /// <summary>Held-out test windows or sequences.</summary>
    [JsonPropertyName("test")]
    public int Test { get; init; }

    /// <summary>How the held-out part was chosen.</summary>
    [JsonPropertyName("held_out")]
    public string? HeldOut { get; init; }

    /// <summary>Forecasting: the first time value, when the data has a time column.</summary>
    [JsonPropertyName("first_time")]
    public string? FirstTime { get; init; }

    /// <summary>Forecasting: the last time value, when the data has a time column.</summary>
    [JsonPropertyName("last_time")]
    public string? LastTime { get; init; }

    /// <summary>Classification: the shortest and longest sequences.</summary>
    [JsonPropertyName("lengths")]
    public int[]? Lengths { get; init; }
}
