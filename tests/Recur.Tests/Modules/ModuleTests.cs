using Recur.Modules;
using Xunit;

namespace Recur.Tests.Modules;

public sealed class ModuleTests
{
    private sealed class Block : Module
    {
        public Block(int width, ulong seed)
        {
            Fc = RegisterModule("fc", new Linear(width, width, seed: seed));
            Scale = RegisterParameter("scale", Tensor.Ones(width));
            Count = RegisterBuffer("count", Tensor.Zeros(1));
        }

        public Linear Fc { get; }

        public Tensor Scale { get; }

        public Tensor Count { get; }
    }

    private sealed class Net : Module
    {
        public Net(int width = 3)
        {
            Embed = RegisterParameter("embed", Tensor.Full(0.5f, 2, width));
            Layers = RegisterModule("layers", new ModuleList(new Block(width, 1), new Block(width, 2)));
            Head = RegisterModule("head", new Linear(width, 1, seed: 3));
        }

        public Tensor Embed { get; }

        public ModuleList Layers { get; }

        public Linear Head { get; }
    }

    [Fact]
    public void NamesAreHierarchicalDepthFirstInRegistrationOrder()
    {
        var net = new Net();
        string[] expected =
        [
            "embed",
            "layers.0.scale", "layers.0.fc.weight", "layers.0.fc.bias",
            "layers.1.scale", "layers.1.fc.weight", "layers.1.fc.bias",
            "head.weight", "head.bias",
        ];

        // Own parameters come before children's; Block registers fc before scale but fc is a child.
        Assert.Equal(expected, net.NamedParameters().Select(static p => p.Name));
        Assert.All(net.Parameters(), static p => Assert.True(p.RequiresGrad));
        Assert.Equal(["", "layers", "layers.0", "layers.0.fc", "layers.1", "layers.1.fc", "head"], net.NamedModules().Select(static m => m.Name));
        Assert.Equal(["layers", "head"], net.NamedChildren().Select(static c => c.Name));
        Assert.Equal(2, net.Children().Count());
        Assert.Equal(["layers.0.count", "layers.1.count"], net.NamedBuffers().Select(static b => b.Name));
    }

    [Fact]
    public void StateDictHoldsParametersThenBuffersPerModuleAndSharesStorage()
    {
        var net = new Net();
        var state = net.StateDict();
        Assert.Equal(
            ["embed", "layers.0.scale", "layers.0.count", "layers.0.fc.weight", "layers.0.fc.bias",
             "layers.1.scale", "layers.1.count", "layers.1.fc.weight", "layers.1.fc.bias", "head.weight", "head.bias"],
            state.Keys);
        Assert.False(state["embed"].RequiresGrad);
        net.Embed.AsSpan()[0] = 42f;
        Assert.Equal(42f, state["embed"].AsSpan()[0]);
    }

    [Fact]
    public void LoadStateDictRoundTripsInPlace()
    {
        var source = new Net();
        source.Head.Weight.AsSpan().Fill(7f);
        source.Layers[1].Parameters().First().AsSpan()[0] = -3f;
        var snapshot = source.StateDict().ToDictionary(static kv => kv.Key, static kv => kv.Value.Clone());

        var target = new Net();
        Tensor headWeight = target.Head.Weight;
        StateDictLoadResult result = target.LoadStateDict(snapshot);
        Assert.Empty(result.MissingKeys);
        Assert.Empty(result.UnexpectedKeys);
        Assert.Same(headWeight, target.Head.Weight);
        foreach ((string name, Tensor t) in target.StateDict())
        {
            Assert.Equal(snapshot[name].ToArray(), t.ToArray());
        }

        Assert.Equal(7f, target.Head.Weight.AsSpan()[2]);
        Assert.Equal(-3f, ((Block)target.Layers[1]).Scale.AsSpan()[0]);
    }

    [Fact]
    public void StrictLoadListsEveryProblemAndChangesNothing()
    {
        var net = new Net();
        var before = net.StateDict().ToDictionary(static kv => kv.Key, static kv => kv.Value.ToArray());
        var state = net.StateDict().ToDictionary(static kv => kv.Key, static kv => Tensor.Full(9f, kv.Value.Shape));
        state.Remove("head.bias");
        state.Remove("layers.0.count");
        state["layers.1.fc.weight"] = Tensor.Zeros(4, 3);
        state["extra.weight"] = Tensor.Zeros(1);

        var ex = Assert.Throws<StateDictException>(() => net.LoadStateDict(state));
        Assert.Equal(["layers.0.count", "head.bias"], ex.MissingKeys);
        Assert.Equal(["extra.weight"], ex.UnexpectedKeys);
        Assert.Single(ex.ShapeMismatches);
        Assert.Contains("head.bias", ex.Message);
        Assert.Contains("layers.0.count", ex.Message);
        Assert.Contains("extra.weight", ex.Message);
        Assert.Contains("layers.1.fc.weight: expected (3, 3), got (4, 3)", ex.Message);
        Assert.IsAssignableFrom<ArgumentException>(ex);
        foreach ((string name, Tensor t) in net.StateDict())
        {
            Assert.Equal(before[name], t.ToArray());
        }
    }

    [Fact]
    public void NonStrictSkipsMissingAndUnexpectedButRejectsShapes()
    {
        var net = new Net();
        var state = new Dictionary<string, Tensor>
        {
            ["embed"] = Tensor.Full(2f, 2, 3),
            ["bogus"] = Tensor.Zeros(5),
        };
        StateDictLoadResult result = net.LoadStateDict(state, strict: false);
        Assert.Equal(["bogus"], result.UnexpectedKeys);
        Assert.Contains("head.weight", result.MissingKeys);
        Assert.All(net.Embed.ToArray(), static v => Assert.Equal(2f, v));

        state["embed"] = Tensor.Full(5f, 3, 2);
        var ex = Assert.Throws<StateDictException>(() => net.LoadStateDict(state, strict: false));
        Assert.Empty(ex.MissingKeys);
        Assert.Empty(ex.UnexpectedKeys);
        Assert.Contains("embed: expected (2, 3), got (3, 2)", ex.Message);
        Assert.All(net.Embed.ToArray(), static v => Assert.Equal(2f, v));
    }

    [Fact]
    public void TrainEvalPropagateAndZeroGradClears()
    {
        var net = new Net();
        Assert.True(net.IsTraining);
        net.Eval();
        Assert.All(net.NamedModules(), static m => Assert.False(m.Module.IsTraining));
        net.Train();
        Assert.All(net.NamedModules(), static m => Assert.True(m.Module.IsTraining));

        Tensor y = net.Head.Forward(Tensor.Ones(2, 3));
        y.Backward(Tensor.Ones(2, 1));
        Assert.NotNull(net.Head.Weight.Grad);
        net.ZeroGrad();
        Assert.All(net.Parameters(), static p => Assert.Null(p.Grad));
    }

    private sealed class BadNames : Module
    {
        public BadNames(string second)
        {
            RegisterParameter("w", Tensor.Zeros(1));
            RegisterParameter(second, Tensor.Zeros(1));
        }
    }

    [Fact]
    public void RegistrationRejectsDuplicateAndDottedNames()
    {
        Assert.Contains("already registered", Assert.Throws<ArgumentException>(() => new BadNames("w")).Message);
        Assert.Contains("'a.b'", Assert.Throws<ArgumentException>(() => new BadNames("a.b")).Message);
    }
}
