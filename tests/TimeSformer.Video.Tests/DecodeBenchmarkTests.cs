using TimeSformer.Contract;
using TimeSformer.Video.Benchmarks;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class DecodeBenchmarkTests
{
    [TestMethod]
    public void Run_TwoFiles_EveryStrategyMatchesDecodeAll()
    {
        string[] files = [TestVideos.IndexCoded(".avi"), TestVideos.IndexCoded(".mp4")];
        var results = DecodeBenchmark.Run(files, new ClipSpec { Frames = 4, Size = 32, ShortSide = 48 }, [2, 8]);
        CollectionAssert.AreEqual(new[] { "decode-all", "grab", "seek>=2", "seek>=8" }, results.Select(r => r.Strategy).ToArray());
        foreach (var r in results)
        {
            Assert.AreEqual(2, r.Clips, r.Strategy);
            Assert.AreEqual(0f, r.MaxDifference, r.Strategy);
            Assert.IsGreaterThan(0, r.ClipsPerSecond, r.Strategy);
        }
    }
}
