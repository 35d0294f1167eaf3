namespace TimeSformer.Benchmarks;

/// <summary>The parts of <c>timesformer bench</c>, in the order they run and appear in the report.</summary>
public enum BenchSection
{
    /// <summary>Sampled clips per second against decoding every frame and against <c>ffmpeg -f null</c>; a video's
    /// training draws read once for all against once each.</summary>
    Decoding,

    /// <summary>ML.NET vs raw ONNX Runtime vs TorchSharp, batch 1 and 8, against the measured GEMM peak.</summary>
    Inference,

    /// <summary>Time and peak memory per clip as frames grow, divided vs joint attention.</summary>
    Scaling,

    /// <summary>Training clips per second, TimeSformer small preset and CNN-RNN.</summary>
    Training,

    /// <summary>Multi-view scoring of 10 s, 1 min and 5 min videos: time and peak memory.</summary>
    LongVideos,

    /// <summary>fp32 vs int8 (and bf16 where ONNX Runtime runs it): time per clip and per multi-view video, agreement,
    /// share of an int8 GEMM.</summary>
    Quantization,

    /// <summary>The frozen pretrained ResNet18 (pooled features, stage-2 and stage-3 maps) and the TimeSformer on its
    /// maps (TorchSharp with and without the feature cache, ONNX Runtime): time and peak memory per clip.</summary>
    PretrainedFeatures,
}
