using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using TimeSformer.Video.Datasets;

namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>Scores one shard of a video list as one task of an array job, into its part file. A re-run of the same
/// shard scores only what the part does not hold yet, so a task killed or preempted mid-way can simply be re-submitted.</summary>
public static class ShardScorer
{
    /// <summary>Scores the videos of <paramref name="shard"/> not yet in its part file under <paramref name="partsDirectory"/>.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="modelPath">A TimeSformer.MLNet ONNX model.</param>
    /// <param name="videos">The full list, the same in every task (each task picks its own shard from it).</param>
    /// <param name="shard">This task's shard.</param>
    /// <param name="partsDirectory">The folder of the part files, shared by all tasks.</param>
    /// <param name="scoring">Views per video, threads, device; undecodable videos always become bad rows.</param>
    /// <param name="progress">Told the number of this run's rows recorded so far, after each.</param>
    /// <exception cref="InvalidDataException">The folder holds this shard's part of another run.</exception>
    /// <exception cref="ArgumentException">A label is not a class of the model.</exception>
    public static ShardScoringResult Score(MLContext mlContext, string modelPath, IReadOnlyList<ShardVideo> videos, VideoShard shard,
        string partsDirectory, VideoScoringOptions scoring, IProgress<int>? progress = null)
    {
        shard.Validate();
        scoring = scoring with { BadVideos = BadVideoHandling.Skip };
        var header = new ShardPartHeader
        {
            Shard = shard.Index,
            Shards = shard.Count,
            ModelPath = Path.GetFullPath(modelPath),
            ModelSha256 = FileSha256(modelPath),
            ModelMetadata = VideoModelReader.Read(modelPath).ToMetadataProps(),
            Scoring = string.Create(CultureInfo.InvariantCulture, $"temporal_clips={scoring.TemporalClips};spatial_crops={scoring.SpatialCrops}"),
            DataSha256 = Sha256Hex(Encoding.UTF8.GetBytes(string.Concat(videos.Select(v => $"{v.Key}\t{v.Label}\n")))),
            Videos = videos.Count,
            Labelled = videos.Any(v => v.Label.Length > 0),
        };
        var mine = Enumerable.Range(0, videos.Count).Where(i => shard.Contains(videos[i].Key)).ToList();
        using var writer = ShardPartWriter.Open(partsDirectory, header);
        var stopwatch = Stopwatch.StartNew();
        var todo = writer.IsComplete ? [] : mine.Where(i => !writer.Contains(i)).ToList();
        int recorded = 0;
        if (todo.Count > 0)
        {
            var scored = VideoEvaluator.Score(mlContext, modelPath, [.. todo.Select(i => (videos[i].Path, videos[i].Label))], scoring, out _);
            foreach (var (video, i) in scored.Zip(todo))
            {
                writer.Append(ShardPartRow.From(i, videos[i].Key, video));
                recorded++;
                progress?.Report(recorded);
            }
        }
        bool wasComplete = writer.IsComplete;
        writer.Complete(stopwatch.Elapsed.TotalSeconds);
        return new ShardScoringResult(header, writer.PartPath, mine.Count, writer.Resumed, recorded, wasComplete);
    }

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
