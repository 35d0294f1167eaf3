using TimeSformer.Video.Datasets;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class VideoShardTests
{
    private static readonly string[] Keys = [.. Enumerable.Range(0, 4000).Select(i => $"class{i % 7}/v_class{i % 7}_g{i / 7:D3}_c01.avi")];

    [TestMethod]
    public void Contains_AnyShardCount_EveryKeyInExactlyOneShard()
    {
        foreach (int count in new[] { 1, 2, 3, 4, 7, 16 })
            foreach (string key in Keys)
                Assert.AreEqual(1, Enumerable.Range(0, count).Count(i => new VideoShard(i, count).Contains(key)), $"{key} in {count} shards");
    }

    [TestMethod]
    public void IndexOf_FourShards_BalancedWithinFivePercent()
    {
        var sizes = Keys.GroupBy(k => VideoShard.IndexOf(k, 4)).Select(g => g.Count()).ToList();

        Assert.AreEqual(4, sizes.Count);
        foreach (int size in sizes) Assert.AreEqual(1000, size, 50.0, $"shard sizes {string.Join(", ", sizes)}");
    }

    [TestMethod]
    public void IndexOf_KnownKeys_PinnedAcrossProcessesAndVersions()
    {
        // SHA-256, not string.GetHashCode (randomised per process): parts written by another node or version must agree.
        // The values are those of `printf %s KEY | sha256sum`: first 8 bytes, big-endian, mod 4.
        CollectionAssert.AreEqual(new[] { 1, 0, 3, 2 }, new[] { "grow/v_grow_g01_c01.avi", "a.avi", "b.avi", "c.avi" }.Select(k => VideoShard.IndexOf(k, 4)).ToArray());
    }

    [TestMethod]
    public void KeyOf_SameLayoutUnderTwoMounts_SameKey()
    {
        string a = VideoShard.KeyOf("/mnt/videos/grow/x.avi", "/mnt/videos");
        string b = VideoShard.KeyOf("/data/shared/lib/grow/x.avi", "/data/shared/lib/");

        Assert.AreEqual("grow/x.avi", a);
        Assert.AreEqual(a, b);
    }

    [TestMethod]
    public void KeyOf_Segment_KeepsTheTimeFragment()
    {
        string key = VideoShard.KeyOf("/v/match.mp4", "/v", new VideoSegment(12.5, 20));

        Assert.AreEqual("match.mp4#t=12.5,20", key);
        Assert.AreNotEqual(key, VideoShard.KeyOf("/v/match.mp4", "/v", new VideoSegment(20, 30)));
    }

    [TestMethod]
    public void Parse_IndexOfCount_Parsed()
    {
        Assert.AreEqual(new VideoShard(3, 4), VideoShard.Parse("3/4"));
        Assert.AreEqual("3/4", VideoShard.Parse("3/4").ToString());
    }

    [TestMethod]
    [DataRow("4/4")]
    [DataRow("-1/4")]
    [DataRow("1/0")]
    [DataRow("3")]
    [DataRow("a/b")]
    public void Parse_Invalid_ThrowsWithExample(string text)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => VideoShard.Parse(text));
        StringAssert.Contains(e.Message, $"'{text}' is not a shard");
    }

    [TestMethod]
    public void FromEnvironment_SlurmArray_TakesIdAndCount()
    {
        var env = Env(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "4"));

        Assert.AreEqual(new VideoShard(2, 4), VideoShard.FromEnvironment(env));
    }

    [TestMethod]
    public void FromEnvironment_ResubmittedSlurmTask_GivenCountWins()
    {
        // `sbatch --array=2` sets a task count of 1: the run's count must be given.
        var env = Env(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "1"));

        Assert.AreEqual(new VideoShard(2, 4), VideoShard.FromEnvironment(env, count: 4));
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => VideoShard.FromEnvironment(env)).Message,
            "SLURM_ARRAY_TASK_ID=2 is not below SLURM_ARRAY_TASK_COUNT (1)");
    }

    [TestMethod]
    public void FromEnvironment_KubernetesIndexedJob_NeedsCount()
    {
        var env = Env(("JOB_COMPLETION_INDEX", "7"));

        Assert.AreEqual(new VideoShard(7, 8), VideoShard.FromEnvironment(env, count: 8));
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => VideoShard.FromEnvironment(env)).Message,
            "JOB_COMPLETION_INDEX=7 needs a shard count");
    }

    [TestMethod]
    public void FromEnvironment_NoIndex_ThrowsNamingVariables()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => VideoShard.FromEnvironment(Env(), count: 4));

        StringAssert.Contains(e.Message, "SLURM_ARRAY_TASK_ID");
        StringAssert.Contains(e.Message, "JOB_COMPLETION_INDEX");
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
