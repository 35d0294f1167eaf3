using TimeSformer.Contract;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Model;

/// <summary>How to build one model from scratch (architecture, configuration, a factory) and what it costs per clip:
/// what <c>train</c> builds and each row of an ablation.</summary>
public sealed record ModelRecipe
{
    /// <summary>Short name, used in ablation tables and as a variant's output folder.</summary>
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

    /// <summary>Whether the model caches frozen per-clip features (<see cref="ICachesFrozenFeatures"/>), known before it
    /// is built: a caller sizes its clip sources for the fixed draws such a model trains on
    /// (<see cref="Training.TrainingOptions.ForCachedFeatures"/>).</summary>
    public bool CachesFeatures { get; init; }

    /// <summary>Builds a freshly initialised model (the runner seeds libtorch first).</summary>
    public required Func<nn.Module<Tensor, Tensor>> CreateModel { get; init; }

    /// <summary>A TimeSformer variant.</summary>
    public static ModelRecipe TimeSformer(string name, TimeSformerOptions options) => new()
    {
        Name = name,
        Attention = AttentionTypeNames.ToOfficial(options.AttentionType),
        Positional = PositionalEmbeddingNames.ToOfficial(options.EffectivePositionalEmbedding),
        Architecture = ModelArchitecture.TimeSformer,
        ConfigJson = options.ToOfficialJson(),
        Gflops = ModelComplexity.TimeSformerGflops(options),
        CreateModel = () => new TimeSformerModel(options),
    };

    /// <summary>The ResNet18-GRU baseline: the pretrained ResNet18 is read from <paramref name="resNet18OnnxPath"/>
    /// (<see cref="Checkpoints.ResNet18OnnxImport.DefaultPath"/> when null) each time a model is built.</summary>
    public static ModelRecipe ResNet18Gru(string name, ResNet18GruOptions options, string? resNet18OnnxPath = null) => new()
    {
        Name = name,
        Attention = "-",
        Positional = "-",
        Architecture = ModelArchitecture.ResNet18Gru,
        ConfigJson = options.ToJson(),
        Gflops = ModelComplexity.ResNet18GruGflops(options),
        CachesFeatures = true,
        CreateModel = () => Checkpoints.ResNet18OnnxImport.CreateModel(options, resNet18OnnxPath),
    };

    /// <summary>The TimeSformer on ResNet18 feature maps: the pretrained ResNet18 is read from
    /// <paramref name="resNet18OnnxPath"/> (<see cref="Checkpoints.ResNet18OnnxImport.DefaultPath"/> when null) each time
    /// a model is built.</summary>
    public static ModelRecipe ResNet18TimeSformer(string name, ResNet18TimeSformerOptions options, string? resNet18OnnxPath = null) => new()
    {
        Name = name,
        Attention = AttentionTypeNames.ToOfficial(AttentionType.DividedSpaceTime),
        Positional = PositionalEmbeddingNames.ToOfficial(PositionalEmbedding.SpaceTime),
        Architecture = ModelArchitecture.ResNet18TimeSformer,
        ConfigJson = options.ToJson(),
        Gflops = ModelComplexity.ResNet18TimeSformerGflops(options),
        CachesFeatures = true,
        CreateModel = () => Checkpoints.ResNet18OnnxImport.CreateModel(options, resNet18OnnxPath),
    };

    /// <summary>A CNN-RNN variant.</summary>
    public static ModelRecipe CnnRnn(string name, CnnRnnOptions options) => new()
    {
        Name = name,
        Attention = "-",
        Positional = "-",
        Architecture = ModelArchitecture.CnnRnn,
        ConfigJson = options.ToJson(),
        Gflops = ModelComplexity.CnnRnnGflops(options),
        CreateModel = () => new Model.CnnRnn(options),
    };
}
