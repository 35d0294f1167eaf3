using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Training;

/// <summary>One model of an ablation: how to build it, and what it costs per clip.</summary>
public sealed record AblationVariant
{
    /// <summary>Short name used in the table and as the variant's output folder.</summary>
    public required string Name { get; init; }

    /// <summary>Attention scheme column ("-" for the CNN-RNN).</summary>
    public required string Attention { get; init; }

    /// <summary>Positional-embedding column ("-" for the CNN-RNN).</summary>
    public required string Positional { get; init; }

    /// <summary>Architecture name written to checkpoint metadata.</summary>
    public required string Architecture { get; init; }

    /// <summary>Configuration JSON written to checkpoint metadata.</summary>
    public required string ConfigJson { get; init; }

    /// <summary>Analytic GFLOPs per clip (<see cref="ModelComplexity"/>).</summary>
    public required double Gflops { get; init; }

    /// <summary>Builds a freshly initialised model (the runner seeds libtorch first).</summary>
    public required Func<nn.Module<Tensor, Tensor>> CreateModel { get; init; }

    /// <summary>A TimeSformer variant.</summary>
    public static AblationVariant TimeSformer(string name, TimeSformerOptions options) => new()
    {
        Name = name,
        Attention = AttentionTypeNames.ToOfficial(options.AttentionType),
        Positional = PositionalEmbeddingNames.ToOfficial(options.EffectivePositionalEmbedding),
        Architecture = "timesformer",
        ConfigJson = options.ToOfficialJson(),
        Gflops = ModelComplexity.TimeSformerGflops(options),
        CreateModel = () => new Model.TimeSformer(options),
    };

    /// <summary>A CNN-RNN variant.</summary>
    public static AblationVariant CnnRnn(string name, CnnRnnOptions options) => new()
    {
        Name = name,
        Attention = "-",
        Positional = "-",
        Architecture = CnnRnnOptions.ArchitectureName,
        ConfigJson = options.ToJson(),
        Gflops = ModelComplexity.CnnRnnGflops(options),
        CreateModel = () => new Model.CnnRnn(options),
    };

    /// <summary>The paper's ablations around <paramref name="model"/>: divided, joint and space-only attention (with
    /// its positional mode), divided attention without positional embeddings and with spatial ones only, and the
    /// CNN-RNN baseline on the same clips.</summary>
    public static IReadOnlyList<AblationVariant> Standard(TimeSformerOptions model) =>
    [
        TimeSformer("divided", model with { AttentionType = AttentionType.DividedSpaceTime }),
        TimeSformer("joint", model with { AttentionType = AttentionType.JointSpaceTime }),
        TimeSformer("space-only", model with { AttentionType = AttentionType.SpaceOnly }),
        TimeSformer("divided-pos-none", model with { AttentionType = AttentionType.DividedSpaceTime, PositionalEmbedding = PositionalEmbedding.None }),
        TimeSformer("divided-pos-space", model with { AttentionType = AttentionType.DividedSpaceTime, PositionalEmbedding = PositionalEmbedding.SpaceOnly }),
        CnnRnn("cnn-rnn", CnnRnnOptions.Matching(model)),
    ];
}
