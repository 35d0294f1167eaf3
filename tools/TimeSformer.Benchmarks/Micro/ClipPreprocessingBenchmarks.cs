using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using TimeSformer.Contract;
using TimeSformer.Video;

namespace TimeSformer.Benchmarks.Micro;

/// <summary>Preprocessing one 8 x 224 clip from eight decoded 640x480 frames (resize, crop, normalise to floats):
/// into a new array per clip against into a reused buffer.</summary>
[MemoryDiagnoser]
public class ClipPreprocessingBenchmarks
{
    private readonly ClipPreprocessor preprocessor = new(new ClipSpec());
    private readonly float[] buffer = new float[new ClipSpec().ValueCount];
    private Mat[] frames = [];

    [GlobalSetup]
    public void Setup()
    {
        frames = [.. Enumerable.Range(0, 8).Select(i =>
        {
            var frame = new Mat(480, 640, MatType.CV_8UC3);
            Cv2.Randu(frame, new Scalar(0, 0, 0), new Scalar(255, 255, 255));
            return frame;
        })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var frame in frames) frame.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float[] NewArray() => preprocessor.Process(frames);

    [Benchmark]
    public float ReusedBuffer()
    {
        preprocessor.Process(frames, buffer);
        return buffer[0];
    }
}
