using System.Diagnostics;
using OpenCvSharp;
using TimeSformer.Contract;
using TimeSformer.Video;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Compares ways of reading a clip's frames: decoding and converting every frame (the naive loop), grabbing past
/// unwanted frames (<see cref="VideoReaderOptions.SeekThreshold"/> = never), and seeking across gaps of at least
/// N frames. Each strategy loads the evaluation clip of every file <c>repeats</c> times; the result also says whether
/// its clips equal the decode-all ones, since a fast seek that lands on the wrong frame is no gain.
/// </summary>
public static class DecodeBenchmark
{
    /// <summary>Name of the strategy that decodes every frame.</summary>
    public const string DecodeAll = "decode-all";

    /// <summary>Runs decode-all, grab-only and one seek strategy per entry of <paramref name="seekThresholds"/>.</summary>
    /// <param name="files">Videos to load one clip from (e.g. 640x480 H.264 files).</param>
    /// <param name="spec">The clip, e.g. the default 8 x 224.</param>
    /// <param name="seekThresholds">Gaps (in frames) from which to seek, e.g. 16, 48, 128.</param>
    /// <param name="repeats">Times each file is loaded per strategy.</param>
    public static IReadOnlyList<DecodeBenchmarkResult> Run(IReadOnlyList<string> files, ClipSpec spec, IReadOnlyList<int> seekThresholds, int repeats = 1)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(seekThresholds);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        if (files.Count == 0) throw new ArgumentException("At least one video is needed.", nameof(files));
        var preprocessor = new ClipPreprocessor(spec);
        // An untimed first pass gives the reference clips and warms the file cache for every strategy alike.
        var reference = files.Select(path => LoadDecodingAll(path, spec, preprocessor)).ToArray();
        var results = new List<DecodeBenchmarkResult>
        {
            Measure(DecodeAll, files, repeats, reference, path => LoadDecodingAll(path, spec, preprocessor)),
        };
        var strategies = new[] { ("grab", int.MaxValue) }.Concat(seekThresholds.Select(t => ($"seek>={t}", t)));
        foreach (var (name, threshold) in strategies)
        {
            var loader = new ClipLoader(spec, new ClipLoaderOptions { Reader = new VideoReaderOptions { SeekThreshold = threshold, IntraOnlySeekThreshold = threshold } });
            results.Add(Measure(name, files, repeats, reference, path => loader.Load(path)));
        }
        return results;
    }

    private static DecodeBenchmarkResult Measure(string name, IReadOnlyList<string> files, int repeats, float[][] reference, Func<string, float[]> load)
    {
        float maxDifference = 0;
        var watch = Stopwatch.StartNew();
        for (int r = 0; r < repeats; r++)
        {
            for (int i = 0; i < files.Count; i++)
            {
                var clip = load(files[i]);
                for (int k = 0; k < clip.Length; k++) maxDifference = Math.Max(maxDifference, Math.Abs(clip[k] - reference[i][k]));
            }
        }
        return new DecodeBenchmarkResult(name, repeats * files.Count, watch.Elapsed, maxDifference);
    }

    // The naive loop: read (decode and convert) every frame to the end, keeping clones of the wanted ones.
    private static float[] LoadDecodingAll(string path, ClipSpec spec, ClipPreprocessor preprocessor)
    {
        using var capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG);
        var indices = FrameSampler.Sample(Math.Max(1, (int)capture.Get(VideoCaptureProperties.FrameCount)), spec);
        var wanted = new Mat[indices.Length];
        int next = 0;
        try
        {
            using var frame = new Mat();
            for (int i = 0; capture.Read(frame); i++)
            {
                for (; next < indices.Length && indices[next] == i; next++) wanted[next] = frame.Clone();
            }
            if (next < indices.Length)
                throw new VideoDecodeException(path, $"frame {indices[next]} is past the decoded end; the benchmark needs files with honest headers.");
            return preprocessor.Process(wanted);
        }
        finally
        {
            foreach (var m in wanted.Take(next)) m.Dispose();
        }
    }
}
