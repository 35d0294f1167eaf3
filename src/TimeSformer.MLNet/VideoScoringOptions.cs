namespace TimeSformer.MLNet;

/// <summary>Options of <see cref="VideoScoringEstimator"/>.</summary>
public sealed record VideoScoringOptions
{
    /// <summary>CUDA device to score on; null (default) scores on the CPU. When CUDA is not installed the estimator
    /// scores on the CPU without trying the GPU (see <see cref="VideoScoringEstimator.UsesGpu"/>).</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>ONNX Runtime intra-op threads; null leaves ONNX Runtime's default.</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>ONNX Runtime inter-op threads; null leaves ONNX Runtime's default.</summary>
    public int? InterOpThreads { get; init; }

    /// <summary>Temporal clips per video (K of the K x C multi-view test); 1 = one clip. With segment-uniform sampling
    /// (models <c>train</c> builds) every clip spans the whole video at other frame offsets; with fixed-stride sampling
    /// (the official models) the clips are windows spread over the video (<see cref="Video.FrameSampler"/>).</summary>
    public int TemporalClips { get; init; } = 1;

    /// <summary>Spatial crops per temporal clip: 1 (centre) or 3 (start, centre, end of the long side). A model whose
    /// clip is the whole frame stretched square (<see cref="Contract.FrameFit.Stretch"/>, every model <c>train</c>
    /// builds from scratch) crops nothing, so it scores one view per temporal clip: three would be the same pixels at
    /// three times the cost.</summary>
    public int SpatialCrops { get; init; } = 1;

    /// <summary>Throw on an undecodable video (default), or mark the row (NaN scores, reason in
    /// <see cref="ErrorColumnName"/>) so that it can be reported and filtered out.</summary>
    public BadVideoHandling BadVideos { get; init; } = BadVideoHandling.Throw;

    /// <summary>Error column written when <see cref="BadVideos"/> is <see cref="BadVideoHandling.Skip"/>.</summary>
    public string ErrorColumnName { get; init; } = VideoClipLoadingOptions.DefaultErrorColumnName;

    /// <summary>Column written when <see cref="BadVideos"/> is <see cref="BadVideoHandling.Skip"/> with what made a
    /// scored video unreliable (cut short, corrupt mid-stream, too few or tiny frames); empty for clean rows.</summary>
    public string WarningColumnName { get; init; } = VideoClipLoadingOptions.DefaultWarningColumnName;

    /// <summary>Text column of true class names. Scoring never needs it; when the fitted transformer's input has it,
    /// it is replaced by a key column in the model's label order (ready for <c>MulticlassClassification.Evaluate</c>). A
    /// model loaded from a .zip leaves it as text: <see cref="VideoEvaluationCatalog.EvaluateVideos"/> maps it.</summary>
    public string LabelColumnName { get; init; } = "Label";
}
