using Microsoft.ML;
using Microsoft.ML.Data;
using TimeSformer.Contract;

namespace TimeSformer.MLNet;

/// <summary>The fitted video scoring pipeline made by <see cref="VideoScoringEstimator"/>. Scoring needs only the path
/// column; an input that also has a text label column gets it mapped to the model's label keys. A saved model holds
/// the scoring chain only and reloads as that chain of ML.NET transforms.</summary>
public sealed class VideoScoringTransformer : ComposedTransformer
{
    private readonly TransformerChain<ITransformer> withLabels;

    internal VideoScoringTransformer(ITransformer inner, VideoModelMetadata metadata, VideoScoringOptions options, ITransformer labelMapping)
        : base(inner)
    {
        Metadata = metadata;
        Options = options;
        withLabels = new TransformerChain<ITransformer>(inner, labelMapping);
    }

    /// <summary>Clip spec and labels read from the model.</summary>
    public VideoModelMetadata Metadata { get; }

    /// <summary>Scoring options.</summary>
    public VideoScoringOptions Options { get; }

    private protected override ITransformer For(DataViewSchema inputSchema) =>
        SchemaColumns.HasTextColumn(inputSchema, Options.LabelColumnName) ? withLabels : Inner;
}
