using Microsoft.ML;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.MLNet.Evaluation.Sharding;
using TimeSformer.MLNet.Tests.Fixtures;
using TimeSformer.Video.Datasets;

namespace TimeSformer.MLNet.Tests;

[TestClass]
public sealed class ShardScorerTests
{
    private static readonly VideoScoringOptions Scoring = new() { BadVideos = BadVideoHandling.Skip };

    // The same file twice (two list positions, one key, one shard), a mislabelled video and one that is not a video.
    private static List<ShardVideo> Videos() =>
    [
        .. new[] { (TestData.Red, "red"), (TestData.Green, "blue"), (TestData.Blue, "blue"), (TestData.Red, "red"), (TestData.NotAVideo, "green") }
            .Select(v => new ShardVideo(v.Item1, VideoShard.KeyOf(v.Item1, TestData.Directory), v.Item2)),
    ];

    [TestMethod]
    public void ScoreThenMerge_ThreeShards_SameMetricsAndPredictionsAsOneProcess()
    {
        var videos = Videos();
        string parts = TestData.TempPath("parts");
        var results = Enumerable.Range(0, 3).Select(s =>
            ShardScorer.Score(new MLContext(seed: 1), TestData.ModelPath, videos, new VideoShard(s, 3), parts, Scoring)).ToList();
        var merged = ShardMerger.Merge(parts);
        var fromShards = VideoEvaluator.Summarize(new MLContext(seed: 1), TestData.ModelPath, merged.Model, merged.Videos, merged.Elapsed);
        var single = VideoEvaluator.Evaluate(new MLContext(seed: 1), TestData.ModelPath, videos.Select(v => (v.Path, v.Label)),
            new VideoEvaluationOptions { Scoring = Scoring });

        Assert.AreEqual(5, results.Sum(r => r.Videos));
        Assert.AreEqual(single.Metrics.MicroAccuracy, fromShards.Metrics.MicroAccuracy);
        Assert.AreEqual(single.Metrics.MacroAccuracy, fromShards.Metrics.MacroAccuracy);
        Assert.AreEqual(single.Metrics.LogLoss, fromShards.Metrics.LogLoss);
        Assert.AreEqual(single.Metrics.LogLossReduction, fromShards.Metrics.LogLossReduction);
        CollectionAssert.AreEqual(single.Metrics.PerClassLogLoss.ToArray(), fromShards.Metrics.PerClassLogLoss.ToArray());
        Assert.AreEqual(0.75, fromShards.Metrics.MicroAccuracy, 1e-9, "3 of the 4 decodable videos are right");
        Assert.AreEqual(TestData.NotAVideo, fromShards.BadVideos.Single().Path);
        Assert.AreEqual(PredictionsCsv.Write(single), PredictionsCsv.Write(fromShards));
    }

    [TestMethod]
    public void Score_Rerun_ScoresNothingAgain()
    {
        var videos = Videos();
        string parts = TestData.TempPath("parts");
        var shard = new VideoShard(0, 1);
        var first = ShardScorer.Score(new MLContext(seed: 1), TestData.ModelPath, videos, shard, parts, Scoring);
        byte[] part = File.ReadAllBytes(first.PartPath);

        var again = ShardScorer.Score(new MLContext(seed: 1), TestData.ModelPath, videos, shard, parts, Scoring);

        Assert.AreEqual((5, 0, 5, false), (first.Videos, first.Resumed, first.Scored, first.AlreadyComplete));
        Assert.AreEqual((5, 5, 0, true), (again.Videos, again.Resumed, again.Scored, again.AlreadyComplete));
        CollectionAssert.AreEqual(part, File.ReadAllBytes(again.PartPath));
    }

    [TestMethod]
    public void Score_OtherScoringSettingsIntoSameFolder_Refused()
    {
        var videos = Videos();
        string parts = TestData.TempPath("parts");
        ShardScorer.Score(new MLContext(seed: 1), TestData.ModelPath, videos, new VideoShard(0, 1), parts, Scoring);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ShardScorer.Score(new MLContext(seed: 1), TestData.ModelPath, videos,
            new VideoShard(0, 1), parts, Scoring with { TemporalClips = 2 }));
        StringAssert.Contains(e.Message, "scoring temporal_clips=1;spatial_crops=1 vs temporal_clips=2;spatial_crops=1");
    }
}
