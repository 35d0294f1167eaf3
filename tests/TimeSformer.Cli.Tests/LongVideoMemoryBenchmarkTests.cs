using TimeSformer.Cli.Bench;
using TimeSformer.Torch.Model;

namespace TimeSformer.Cli.Tests;

[TestClass]
public sealed class LongVideoMemoryBenchmarkTests
{
    [TestMethod]
    public void Run_TwoShortVideos_RowPerLengthWithPeakAboveSettledMemory()
    {
        string work = Directory.CreateTempSubdirectory("long-video-memory-").FullName;
        try
        {
            var lines = new List<string>();
            var rows = LongVideoMemoryBenchmark.Run(new LongVideoMemoryOptions
            {
                WorkDirectory = work, Seconds = [1, 4], Width = 80, Height = 64, Fps = 10, Model = TimeSformerOptions.Tiny(3),
                TemporalClips = 2, SpatialCrops = 3, IntraOpThreads = 1, Rounds = 2,
            }, lines.Add);

            Assert.HasCount(2, rows);
            CollectionAssert.AreEqual(new[] { 10, 40 }, rows.Select(r => r.Frames).ToArray());
            Assert.IsGreaterThan(rows[0].FileBytes, rows[1].FileBytes);
            Assert.AreEqual(1.0, rows[0].PeakRatio);
            Assert.AreEqual((double)rows[1].PeakBytes / rows[0].PeakBytes, rows[1].PeakRatio, 1e-12);
            foreach (var row in rows)
            {
                Assert.IsGreaterThan(0L, row.BaselineBytes);
                Assert.IsGreaterThanOrEqualTo(row.BaselineBytes, row.PeakBytes);
                Assert.IsGreaterThan(0.0, row.ScoreSeconds);
            }
            Assert.HasCount(2 + 2 * 2, lines, "one line per video written and per measurement");
            StringAssert.Contains(LongVideoMemoryBenchmark.ToMarkdown(rows), "| 4 s | 40 |");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [TestMethod]
    public void Run_NoLengths_ThrowsNamingSetting()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            LongVideoMemoryBenchmark.Run(new LongVideoMemoryOptions { WorkDirectory = Path.GetTempPath(), Seconds = [] }));
        StringAssert.Contains(e.Message, "LongVideoMemoryOptions.Seconds");
    }
}
