using System.Globalization;
using System.Text.Json.Nodes;
using Recur.Modules;

namespace Recur.Layers;

/// <summary>
/// A fully connected layer over the last axis (Keras's Dense, MATLAB's fullyConnectedLayer):
/// y = act(x·Wᵀ + b), x (B, F) → (B, O) or x (B, T, F) → (B, T, O) (every time step, the lengths carried and the
/// padded steps' outputs set to zero). Parameters as PyTorch's <c>nn.Linear</c>: <c>weight</c> (O, F) and, with
/// <c>bias</c>, <c>bias</c> (O), initialized from U(−1/√F, 1/√F) with <c>seed</c>.
/// </summary>
public sealed class Dense : Layer
{
    private readonly Tensor _weight;
    private readonly Tensor? _bias;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputSize">F, the input features (≥ 1).</param>
    /// <param name="outputSize">O, the output features (≥ 1).</param>
    /// <param name="activation">The activation after the affine map (default none).</param>
    /// <param name="bias">Whether the layer has a bias (default true).</param>
    /// <param name="seed">Initialization seed (default <see cref="Linear.DefaultSeed"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or the activation is unknown.</exception>
    public Dense(int inputSize, int outputSize, Activation activation = Activation.None, bool bias = true, ulong seed = Linear.DefaultSeed)
    {
        if (inputSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"Dense: inputSize must be ≥ 1; got {inputSize}.");
        }

        if (outputSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, $"Dense: outputSize must be ≥ 1; got {outputSize}.");
        }

        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation,
                $"Dense: activation must be one of {string.Join(", ", Enum.GetNames<Activation>())}; got {activation}.");
        }

        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        Seed = seed;
        var linear = new Linear(inputSize, outputSize, bias, seed);
        _weight = RegisterParameter("weight", linear.Weight);
        if (linear.Bias is not null)
        {
            _bias = RegisterParameter("bias", linear.Bias);
        }
    }

    /// <summary>F, the input features.</summary>
    public int InputSize { get; }

    /// <summary>O, the output features.</summary>
    public int OutputSize { get; }

    /// <summary>The activation after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>The initialization seed.</summary>
    public ulong Seed { get; }

    /// <summary>The weight (O, F).</summary>
    public Tensor Weight => _weight;

    /// <summary>The bias (O), or null without bias.</summary>
    public Tensor? Bias => _bias;

    /// <inheritdoc/>
    public override string DisplayName => string.Create(CultureInfo.InvariantCulture,
        $"Dense({InputSize}, {OutputSize}{(Activation == Activation.None ? string.Empty : ", " + Activation)}{(_bias is null ? ", bias: false" : string.Empty)})");

    /// <summary>y = act(x·Wᵀ + b) over the last axis.</summary>
    /// <param name="input">(B, F) or (B, T, F) with optional lengths.</param>
    /// <returns>(B, O) or (B, T, O) with the lengths carried and zeros at padded steps.</returns>
    /// <exception cref="ArgumentException">The data is not (B, F) or (B, T, F), or the lengths do not fit.</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input.Data;
        if (x.Rank is not (2 or 3) || x.Dims[^1] != InputSize)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected input (B, {InputSize}) or (B, T, {InputSize}), got {Tensor.FormatShape(x.Dims)}.", nameof(input));
        }

        SequencePadding.CheckLengths(DisplayName, x, input.Lengths);
        Tensor y = LinearOp.Forward(x, _weight, _bias);
        y = Activation switch
        {
            Activation.Relu => y.Relu(),
            Activation.Tanh => y.Tanh(),
            Activation.Sigmoid => y.Sigmoid(),
            Activation.Softmax => y.Softmax(),
            _ => y,
        };
        return new SequenceBatch(SequencePadding.ZeroPadded(y, input.Lengths), input.Lengths);
    }

    /// <summary>[F] → [O]; [T, F] → [T, O].</summary>
    /// <exception cref="ArgumentException">The last length is not F.</exception>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length is not (1 or 2) || inputShape[^1] != InputSize)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a per-sample input shape [{InputSize}] or [T, {InputSize}], got [{string.Join(", ", inputShape)}].",
                nameof(inputShape));
        }

        int[] shape = (int[])inputShape.Clone();
        shape[^1] = OutputSize;
        return shape;
    }

    /// <summary>Type "Dense" with inputSize, outputSize, activation, bias and seed.</summary>
    public override LayerConfig GetConfig() => new("Dense", new JsonObject
    {
        ["inputSize"] = InputSize,
        ["outputSize"] = OutputSize,
        ["activation"] = Activation.ToString(),
        ["bias"] = _bias is not null,
        ["seed"] = Seed,
    });

    /// <summary>The registry factory.</summary>
    internal static Dense FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "inputSize"),
        LayerArguments.Int(config, "outputSize"),
        LayerArguments.Enum(config, "activation", Activation.None),
        LayerArguments.Bool(config, "bias", true),
        LayerArguments.ULong(config, "seed", Linear.DefaultSeed));
}
