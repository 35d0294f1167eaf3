using System.Globalization;
using System.Text.Json;
using TimeSformer.Cli.Hosting;
using TimeSformer.MLNet;
using TimeSformer.MLNet.Evaluation.Sharding;
using TimeSformer.Video.Datasets;

namespace TimeSformer.Cli.Jobs;

/// <summary>One array-job task of <c>evaluate</c> or <c>predict</c>: scores its shard into <c>&lt;output&gt;/parts/</c>
/// and says what it did.</summary>
internal static class ShardJob
{
    /// <summary>Slows every recorded row by this many milliseconds, so that a test can kill a task mid-way on a set
    /// that scores in milliseconds (scripts/slurm-evaluate.sh). Not for production use.</summary>
    public const string RowDelayVariable = "TIMESFORMER_SHARD_ROW_DELAY_MS";

    /// <summary>Where the part files go under an <c>--output</c> folder.</summary>
    public static string PartsFolder(string output) => Path.Combine(output, "parts");

    public static int Run(string modelPath, IReadOnlyList<ShardVideo> videos, VideoShard shard, string output, Terminal terminal,
        VideoScoringOptions scoring, bool asJson)
    {
        int delay = int.TryParse(Environment.GetEnvironmentVariable(RowDelayVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int ms) ? ms : 0;
        var result = terminal.Progress($"shard {shard}", bar => ShardScorer.Score(ScoringContext.Create(scoring), modelPath, videos, shard,
            PartsFolder(output), scoring, new Relay<int>(done =>
            {
                bar.Update(done, done, $"shard {shard}: {done} scored");
                if (delay > 0) Thread.Sleep(delay);
            })));
        if (asJson)
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                result.Header.Shard,
                result.Header.Shards,
                ListVideos = result.Header.Videos,
                result.Videos,
                result.Resumed,
                result.Scored,
                result.AlreadyComplete,
                Part = result.PartPath,
            }, JsonOptions.Indented));
        else
            terminal.Line(result.AlreadyComplete
                ? $"Shard {shard}: already complete ({result.Videos} of {result.Header.Videos} videos): {result.PartPath}"
                : $"Shard {shard}: {result.Videos} of {result.Header.Videos} videos; {result.Resumed} already recorded, {result.Scored} scored now: {result.PartPath}");
        return ExitCodes.Success;
    }

    /// <summary>The samples as the list every task shares out, keyed by their path relative to <paramref name="root"/>.</summary>
    public static IReadOnlyList<ShardVideo> Videos(VideoDataset samples, string root) =>
        [.. samples.Samples.Select(s => new ShardVideo(s.Location, VideoShard.KeyOf(s.Path, root, s.Segment), s.Label))];
}
