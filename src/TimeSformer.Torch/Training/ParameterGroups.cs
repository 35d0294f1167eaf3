using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Training;

/// <summary>
/// Splits a model's parameters into optimiser groups: weights with weight decay; embeddings (<c>pos_embed</c>,
/// <c>cls_token</c>, <c>time_embed</c>), biases and normalisation parameters without (as the official recipe); and
/// <c>time_embed</c> in a group of its own when it gets a different learning rate.
/// </summary>
public static class ParameterGroups
{
    private static readonly string[] EmbeddingNames = ["pos_embed", "cls_token", "time_embed"];

    /// <summary>True when the parameter called <paramref name="name"/> (a full dotted name) must not be decayed.</summary>
    public static bool IsDecayExempt(string name, Parameter parameter)
    {
        string leaf = name[(name.LastIndexOf('.') + 1)..];
        return parameter.dim() <= 1
            || EmbeddingNames.Contains(leaf)
            || leaf.StartsWith("bias", StringComparison.Ordinal)
            || name.Split('.').Any(part => part.Contains("norm", StringComparison.Ordinal) || part.StartsWith("bn", StringComparison.Ordinal));
    }

    /// <summary>True for the TimeSformer temporal embedding.</summary>
    public static bool IsTimeEmbedding(string name) => name == "time_embed" || name.EndsWith(".time_embed", StringComparison.Ordinal);

    /// <summary>The groups of <paramref name="model"/>'s trainable parameters: name lists with their weight decay and
    /// learning-rate multiplier. Empty groups are left out.</summary>
    public static IReadOnlyList<ParameterGroup> Split(nn.Module model, TrainingOptions options)
    {
        var decay = new List<(string, Parameter)>();
        var noDecay = new List<(string, Parameter)>();
        var time = new List<(string, Parameter)>();
        foreach (var (name, p) in model.named_parameters())
        {
            if (!p.requires_grad) continue;
            if (options.TimeEmbeddingLearningRateScale != 1 && IsTimeEmbedding(name)) time.Add((name, p));
            else if (IsDecayExempt(name, p)) noDecay.Add((name, p));
            else decay.Add((name, p));
        }
        var groups = new List<ParameterGroup>();
        if (decay.Count > 0) groups.Add(new ParameterGroup(decay, options.WeightDecay, 1));
        if (noDecay.Count > 0) groups.Add(new ParameterGroup(noDecay, 0, 1));
        if (time.Count > 0) groups.Add(new ParameterGroup(time, 0, options.TimeEmbeddingLearningRateScale));
        return groups;
    }

    /// <summary>Creates the optimiser of <paramref name="options"/> over <paramref name="groups"/>.</summary>
    public static optim.Optimizer CreateOptimizer(IReadOnlyList<ParameterGroup> groups, TrainingOptions options)
    {
        double lr = options.LearningRate;
        return options.Optimizer switch
        {
            OptimizerKind.AdamW => new AdamW(groups.Select(g => new AdamW.ParamGroup(
                g.Parameters.Select(p => p.Parameter), new AdamW.Options { LearningRate = lr * g.LearningRateScale, weight_decay = g.WeightDecay })),
                lr, beta1: 0.9, beta2: 0.999, weight_decay: options.WeightDecay),
            OptimizerKind.Sgd => new SGD(groups.Select(g => new SGD.ParamGroup(
                g.Parameters.Select(p => p.Parameter), new SGD.Options { LearningRate = lr * g.LearningRateScale, weight_decay = g.WeightDecay, momentum = options.Momentum })),
                lr, momentum: options.Momentum, weight_decay: options.WeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown optimizer {options.Optimizer}."),
        };
    }
}
