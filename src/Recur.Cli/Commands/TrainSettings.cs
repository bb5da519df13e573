namespace Recur.Cli.Commands;

/// <summary>The options of <c>recur train</c> as given on the command line (null: not given, use the default).</summary>
internal sealed record TrainSettings
{
    /// <summary>--data: the training data file.</summary>
    public required string Data { get; init; }

    /// <summary>--task: "forecast" or "classify".</summary>
    public required string Task { get; init; }

    /// <summary>--out: the model file to write.</summary>
    public required string Out { get; init; }

    /// <summary>--test: a separate held-out file.</summary>
    public string? Test { get; init; }

    /// <summary>--target: forecast target columns.</summary>
    public IReadOnlyList<string>? Target { get; init; }

    /// <summary>--features: input columns.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>--time: the time column.</summary>
    public string? Time { get; init; }

    /// <summary>--id: the sequence-id column.</summary>
    public string? Id { get; init; }

    /// <summary>--label: the label column.</summary>
    public string? Label { get; init; }

    /// <summary>--step: the step column.</summary>
    public string? Step { get; init; }

    /// <summary>--split: the train/test split column.</summary>
    public string? Split { get; init; }

    /// <summary>--layout: "long" or "wide".</summary>
    public string? Layout { get; init; }

    /// <summary>--lookback.</summary>
    public int? Lookback { get; init; }

    /// <summary>--horizon.</summary>
    public int? Horizon { get; init; }

    /// <summary>--season.</summary>
    public int? Season { get; init; }

    /// <summary>--model: lstm, bilstm, gru or bigru.</summary>
    public string? Model { get; init; }

    /// <summary>--hidden.</summary>
    public int? Hidden { get; init; }

    /// <summary>--layers.</summary>
    public int? Layers { get; init; }

    /// <summary>--dropout.</summary>
    public double? Dropout { get; init; }

    /// <summary>--attention.</summary>
    public bool Attention { get; init; }

    /// <summary>--epochs.</summary>
    public int? Epochs { get; init; }

    /// <summary>--batch.</summary>
    public int? Batch { get; init; }

    /// <summary>--lr.</summary>
    public double? LearningRate { get; init; }

    /// <summary>--patience.</summary>
    public int? Patience { get; init; }

    /// <summary>--seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>--fill: error, forward, linear or zero.</summary>
    public string Fill { get; init; } = "error";

    /// <summary>--report: an HTML report to write.</summary>
    public string? Report { get; init; }
}
