using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using TimeSformer.Contract;
using TimeSformer.MLNet.Mapping;
using TimeSformer.Video;

namespace TimeSformer.MLNet;

/// <summary>
/// Scores videos with a TimeSformer.MLNet ONNX model: the model's metadata configures everything. Chains
/// <see cref="VideoClipLoadingEstimator"/> → <c>ApplyOnnxModel</c> → (multi-view: average of the views'
/// probabilities) → <see cref="ScoreColumnName"/> (probabilities), <see cref="PredictedLabelColumnName"/> (key over
/// the model's labels, with key values) and <see cref="PredictedClassColumnName"/> (class name). Scoring reads only
/// the path column: a model fitted on labelled rows scores rows that carry only a path, in <c>Transform</c>, in a
/// <c>PredictionEngine</c> and after <c>mlContext.Model.Save</c>/<c>Load</c>. When the input has a text label column
/// (<see cref="VideoScoringOptions.LabelColumnName"/>), the fitted transformer also turns it into a key column in the
/// model's label order, so <c>mlContext.MulticlassClassification.Evaluate(scored)</c> works as is; a model loaded from a
/// .zip leaves labels as they are, and <see cref="VideoEvaluationCatalog.EvaluateVideos"/> evaluates either.
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

    private const string ProbabilitiesColumn = OnnxSignature.ProbabilitiesName;

    private IEstimator<ITransformer>? chain;

    internal VideoScoringEstimator(TransformsCatalog catalog, string modelPath, string inputColumnName, VideoScoringOptions options)
        : base(catalog, inputColumnName)
    {
        ModelPath = modelPath;
        Options = options;
        Metadata = VideoModelReader.Read(modelPath);
        ClipOptions = new VideoClipLoadingOptions
        {
            Spec = Metadata.Clip,
            // A stretched frame is the whole clip: its three crops would be one view scored three times.
            Views = ClipView.Grid(options.TemporalClips,
                Metadata.Clip.Fit == FrameFit.Stretch ? 1 : options.SpatialCrops),
            BadVideos = options.BadVideos,
            ErrorColumnName = options.ErrorColumnName,
            WarningColumnName = options.WarningColumnName,
        };
        ClipOptions.Validate();
        UsesGpu = options.GpuDeviceId is not null && CudaProbe.IsAvailable;
    }

    /// <summary>The ONNX model file.</summary>
    public string ModelPath { get; }

    /// <summary>Scoring options.</summary>
    public VideoScoringOptions Options { get; }

    /// <summary>Clip spec and labels read from the model.</summary>
    public VideoModelMetadata Metadata { get; }

    /// <summary>The clip loading derived from the model and the options.</summary>
    public VideoClipLoadingOptions ClipOptions { get; }

    /// <summary>Whether the ONNX model runs on the GPU: a device was asked for and CUDA can be loaded.</summary>
    public bool UsesGpu { get; }

    private protected override IEstimator<ITransformer> MakeChain()
    {
        try
        {
            return chain ??= BuildChain();
        }
        catch (TypeInitializationException e) when (e.InnerException is DllNotFoundException)
        {
            throw new InvalidOperationException("ONNX Runtime's native library cannot be loaded: add the runtime package "
                + "Microsoft.ML.OnnxRuntime (CPU) or Microsoft.ML.OnnxRuntime.Gpu (CUDA) to the application.", e);
        }
    }

    /// <summary>The scoring chain reads only the path column, so a fitted or saved model scores rows that carry only
    /// a path; labels are mapped by <see cref="VideoScoringTransformer"/> when its input has them.</summary>
    private IEstimator<ITransformer> BuildChain()
    {
        int views = ClipOptions.Views.Count, classes = Metadata.Labels.Count, side = Metadata.Clip.Size;
        return new VideoClipLoadingEstimator(Catalog, OnnxSignature.InputName, InputColumnName, ClipOptions)
            .Append(Catalog.ApplyOnnxModel(new OnnxOptions
            {
                ModelFile = ModelPath,
                InputColumns = [OnnxSignature.InputName],
                OutputColumns = [ProbabilitiesColumn],
                // All views of a video go as one batch; T stays the one unknown dim ML.NET infers from the length.
                ShapeDictionary = new Dictionary<string, int[]>
                {
                    [OnnxSignature.InputName] = [views, -1, 3, side, side],
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
            .Append(Catalog.Conversion.MapValueToKey(PredictedLabelColumnName, PredictedClassColumnName, keyData: LabelKeyData.Create(Metadata.Labels)))
            .Append(Catalog.DropColumns(OnnxSignature.InputName, ProbabilitiesColumn, ArgMaxMappingFactory.IndexColumn));
    }

    private protected override SchemaShape WithOptionalColumns(SchemaShape output, SchemaShape input) =>
        SchemaColumns.HasTextColumn(input, Options.LabelColumnName)
            ? LabelKeyMapping.Estimator(Catalog, Metadata.Labels, Options.LabelColumnName).GetOutputSchema(output)
            : output;

    private protected override VideoScoringTransformer Wrap(ITransformer fitted) =>
        new(fitted, Metadata, Options, LabelKeyMapping.Fit(Catalog, Metadata.Labels, Options.LabelColumnName));
}
