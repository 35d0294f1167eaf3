using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using TimeSformer.MLNet.Mapping;
using TimeSformer.Video;

namespace TimeSformer.MLNet;

/// <summary>
/// Scores videos with a TimeSformer.MLNet ONNX model: the model's metadata configures everything. Chains
/// <see cref="VideoClipLoadingEstimator"/> → <c>ApplyOnnxModel</c> → (multi-view: average of the views'
/// probabilities) → <see cref="ScoreColumnName"/> (probabilities), <see cref="PredictedLabelColumnName"/> (key over
/// the model's labels, with key values) and <see cref="PredictedClassColumnName"/> (class name). A text label
/// column, when present, becomes a key column in the model's label order, so
/// <c>mlContext.MulticlassClassification.Evaluate(scored)</c> works as is.
/// </summary>
/// <remarks>
/// <example><code>
/// var model = mlContext.Transforms.ScoreVideos("model.onnx").Fit(data);
/// var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(data));
/// </code></example>
/// ONNX Runtime session settings are not part of a saved model: ML.NET reloads an ONNX transform with default
/// threads, on the device of the loading context (set <c>mlContext.GpuDeviceId</c> and <c>FallbackToCpu</c> before
/// <c>mlContext.Model.Load</c> to score a loaded model on the GPU).
/// </remarks>
public sealed class VideoScoringEstimator : ComposedEstimator<VideoScoringTransformer>
{
    /// <summary>Class probabilities, a known-size float vector of the model's class count.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>The predicted class as a key over the model's labels.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    /// <summary>The predicted class name (text); empty for a skipped video.</summary>
    public const string PredictedClassColumnName = "PredictedClass";

    private const string ProbabilitiesColumn = VideoModelReader.ProbabilitiesName;

    private readonly ConcurrentDictionary<bool, IEstimator<ITransformer>> chains = new();

    internal VideoScoringEstimator(TransformsCatalog catalog, string modelPath, string inputColumnName, VideoScoringOptions options)
        : base(catalog)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        ModelPath = modelPath;
        InputColumnName = inputColumnName;
        Options = options;
        Metadata = VideoModelReader.Read(modelPath);
        ClipOptions = new VideoClipLoadingOptions
        {
            Spec = Metadata.Clip,
            Views = ClipView.Grid(options.TemporalClips, options.SpatialCrops),
            BadVideos = options.BadVideos,
            ErrorColumnName = options.ErrorColumnName,
            WarningColumnName = options.WarningColumnName,
        };
        ClipOptions.Validate();
        UsesGpu = options.GpuDeviceId is not null && CudaProbe.IsAvailable;
    }

    /// <summary>The ONNX model file.</summary>
    public string ModelPath { get; }

    /// <summary>The path column read.</summary>
    public string InputColumnName { get; }

    /// <summary>Scoring options.</summary>
    public VideoScoringOptions Options { get; }

    /// <summary>Clip spec and labels read from the model.</summary>
    public VideoModelMetadata Metadata { get; }

    /// <summary>The clip loading derived from the model and the options.</summary>
    public VideoClipLoadingOptions ClipOptions { get; }

    /// <summary>Whether the ONNX model runs on the GPU: a device was asked for and CUDA can be loaded.</summary>
    public bool UsesGpu { get; }

    private protected override IEstimator<ITransformer> MakeChain(Func<string, bool> isTextColumn)
    {
        RequireTextColumn(isTextColumn, InputColumnName);
        // Building the chain loads the ONNX model; schema checks and Fit share one chain per label presence.
        return chains.GetOrAdd(isTextColumn(Options.LabelColumnName), BuildChain);
    }

    private IEstimator<ITransformer> BuildChain(bool mapLabel)
    {
        int views = ClipOptions.Views.Count, classes = Metadata.Labels.Count, side = Metadata.Clip.Size;
        var labels = LabelKeyData.Create(Metadata.Labels);
        IEstimator<ITransformer> chain = new VideoClipLoadingEstimator(Catalog, VideoModelReader.InputName, InputColumnName, ClipOptions)
            .Append(Catalog.ApplyOnnxModel(new OnnxOptions
            {
                ModelFile = ModelPath,
                InputColumns = [VideoModelReader.InputName],
                OutputColumns = [ProbabilitiesColumn],
                // All views of a video go as one batch; T stays the one unknown dim ML.NET infers from the length.
                ShapeDictionary = new Dictionary<string, int[]>
                {
                    [VideoModelReader.InputName] = [views, -1, 3, side, side],
                    [ProbabilitiesColumn] = [views, classes],
                },
                GpuDeviceId = UsesGpu ? Options.GpuDeviceId : null,
                FallbackToCpu = true,
                IntraOpNumThreads = Options.IntraOpThreads,
                InterOpNumThreads = Options.InterOpThreads,
            }))
            .Append<ITransformer>(views == 1
                ? Catalog.CopyColumns(ScoreColumnName, ProbabilitiesColumn)
                : Catalog.ApplyOnnxModel([ScoreColumnName], [ProbabilitiesColumn],
                    ViewAveragingModel.Create(views, classes, ProbabilitiesColumn, ScoreColumnName), shapeDictionary: null, recursionLimit: 100))
            .Append(Catalog.CustomMapping(new ArgMaxMappingFactory().GetMapping(), ArgMaxMappingFactory.ContractName))
            .Append(Catalog.Conversion.MapValue(PredictedClassColumnName,
                Metadata.Labels.Select((label, i) => new KeyValuePair<int, string>(i, label)), ArgMaxMappingFactory.IndexColumn))
            .Append(Catalog.Conversion.MapValueToKey(PredictedLabelColumnName, PredictedClassColumnName, keyData: labels));
        string[] temporary = [VideoModelReader.InputName, ProbabilitiesColumn, ArgMaxMappingFactory.IndexColumn];
        if (mapLabel)
        {
            chain = chain
                .Append(Catalog.CopyColumns(LabelCheckMappingFactory.LabelColumn, Options.LabelColumnName))
                .Append(Catalog.Expression(LabelCheckMappingFactory.ModelLabelsColumn,
                    $"x => \"{LabelCheckMappingFactory.EncodeLabels(Metadata.Labels)}\"", LabelCheckMappingFactory.LabelColumn))
                .Append(Catalog.CustomMapping(new LabelCheckMappingFactory().GetMapping(), LabelCheckMappingFactory.ContractName))
                .Append(Catalog.Conversion.MapValueToKey(Options.LabelColumnName, LabelCheckMappingFactory.CheckedLabelColumn, keyData: labels));
            temporary = [.. temporary, LabelCheckMappingFactory.LabelColumn, LabelCheckMappingFactory.ModelLabelsColumn,
                LabelCheckMappingFactory.CheckedLabelColumn];
        }
        return chain.Append(Catalog.DropColumns(temporary));
    }

    private protected override VideoScoringTransformer Wrap(ITransformer fitted) => new(fitted, Metadata, Options);
}
