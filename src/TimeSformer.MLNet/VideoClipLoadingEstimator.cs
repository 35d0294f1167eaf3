using Microsoft.ML;
using TimeSformer.MLNet.Mapping;

namespace TimeSformer.MLNet;

/// <summary>
/// Estimator for <see cref="VideoClipLoadingTransformer"/>: loads the clip(s) a model expects from each video
/// path, exactly as <see cref="TimeSformer.Video.ClipLoader"/> does in training. Needs no training data.
/// </summary>
/// <remarks>
/// Built from ML.NET parts that survive <c>mlContext.Model.Save</c>/<c>Load</c>: an <c>Expression</c> that makes a
/// constant column holding the options as text, and a custom mapping (contract
/// <see cref="VideoClipMappingFactory.ContractName"/>) that reads that column and decodes the video.
/// <example><code>
/// var pipeline = mlContext.Transforms.LoadVideoClips("Clip", "VideoPath",
///     new VideoClipLoadingOptions { Spec = new ClipSpec { Frames = 8, Size = 224 } });
/// IDataView clips = pipeline.Fit(data).Transform(data);
/// </code></example>
/// </remarks>
public sealed class VideoClipLoadingEstimator : ComposedEstimator<VideoClipLoadingTransformer>
{
    internal VideoClipLoadingEstimator(TransformsCatalog catalog, string outputColumnName, string inputColumnName, VideoClipLoadingOptions options)
        : base(catalog, inputColumnName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        options.Validate();
        OutputColumnName = outputColumnName;
        Options = options;
    }

    /// <summary>The clip column written.</summary>
    public string OutputColumnName { get; }

    /// <summary>Which clips are loaded and how bad videos are handled.</summary>
    public VideoClipLoadingOptions Options { get; }

    private protected override IEstimator<ITransformer> MakeChain()
    {
        string settings = ClipLoadingSettings.Format(Options);
        IEstimator<ITransformer> chain = Catalog.CopyColumns(VideoClipMappingFactory.PathColumn, InputColumnName)
            .Append(Catalog.Expression(VideoClipMappingFactory.SettingsColumn, $"x => \"{settings}\"", VideoClipMappingFactory.PathColumn))
            .Append(Catalog.CustomMapping(new VideoClipMappingFactory().GetMapping(), VideoClipMappingFactory.ContractName))
            .Append(Catalog.CopyColumns(OutputColumnName, VideoClipMappingFactory.ClipColumn));
        if (Options.BadVideos == BadVideoHandling.Skip)
            chain = chain.Append(Catalog.CopyColumns(Options.ErrorColumnName, VideoClipMappingFactory.ErrorColumn))
                .Append(Catalog.CopyColumns(Options.WarningColumnName, VideoClipMappingFactory.WarningColumn));
        return chain.Append(Catalog.DropColumns(VideoClipMappingFactory.PathColumn, VideoClipMappingFactory.SettingsColumn,
            VideoClipMappingFactory.ClipColumn, VideoClipMappingFactory.ErrorColumn, VideoClipMappingFactory.WarningColumn));
    }

    private protected override VideoClipLoadingTransformer Wrap(ITransformer fitted) =>
        new(fitted, OutputColumnName, InputColumnName, Options);
}
