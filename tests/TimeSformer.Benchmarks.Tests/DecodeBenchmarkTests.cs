using TimeSformer.Contract;

namespace TimeSformer.Benchmarks.Tests;

[TestClass]
public sealed class DecodeBenchmarkTests
{
    [TestMethod]
    public void Run_TwoFiles_EveryStrategyMatchesDecodeAll()
    {
        // The bench's own one-second videos: Motion JPEG and the inter-frame codec (H.264 with ffmpeg, mp4v without).
        var folder = Directory.CreateTempSubdirectory("tsf-decode-bench-");
        try
        {
            var videos = new BenchVideos(folder.FullName);
            string[] files = [videos.Mjpeg(1).Path, videos.InterFrame(1).Path];
            var results = DecodeBenchmark.Run(files, new ClipSpec { Frames = 4, Size = 32, ShortSide = 48 }, [2, 8]);
            CollectionAssert.AreEqual(new[] { "decode-all", "grab", "seek>=2", "seek>=8" }, results.Select(r => r.Strategy).ToArray());
            foreach (var r in results)
            {
                Assert.AreEqual(2, r.Clips, r.Strategy);
                Assert.AreEqual(0f, r.MaxDifference, r.Strategy);
                Assert.IsGreaterThan(0, r.ClipsPerSecond, r.Strategy);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
