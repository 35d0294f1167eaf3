using TimeSformer.MLNet.Evaluation.Sharding;
using TimeSformer.MLNet.Tests.Fixtures;

namespace TimeSformer.MLNet.Tests;

[TestClass]
public sealed class ShardMergerTests
{
    [TestMethod]
    public void Merge_AllShards_EveryVideoOnceInListOrder()
    {
        var merged = ShardMerger.Merge(ShardParts.WriteAll(shards: 3, videos: 20));

        Assert.AreEqual(3, merged.Parts.Count);
        CollectionAssert.AreEqual(Enumerable.Range(0, 20).Select(i => "/data/" + ShardParts.Key(i)).ToArray(), merged.Videos.Select(v => v.Path).ToArray());
        Assert.AreEqual(4.5, merged.Elapsed.TotalSeconds, 1e-9, "1.5 s recorded by each of three shards");
        CollectionAssert.AreEqual(TestData.Labels, merged.Model.Labels.ToArray());
    }

    [TestMethod]
    public void Merge_Scores_RoundTripBitForBit()
    {
        var merged = ShardMerger.Merge(ShardParts.WriteAll(shards: 2, videos: 10));

        foreach (var (video, i) in merged.Videos.Select((v, i) => (v, i)))
            CollectionAssert.AreEqual(ShardParts.Row(i).Scores.Select(BitConverter.SingleToInt32Bits).ToArray(),
                video.Probabilities.Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    [TestMethod]
    public void Merge_MissingShard_RefusesNamingItAndItsJournal()
    {
        string folder = ShardParts.WriteAll(shards: 4, videos: 20);
        File.Delete(Path.Combine(folder, ShardPartFile.NameOf(2, 4)));
        using (var writer = ShardPartWriter.Open(folder, ShardParts.Header(2, 4, 20)))
        {
        }

        var e = Assert.ThrowsExactly<ShardMergeException>(() => ShardMerger.Merge(folder));
        StringAssert.Contains(e.Message, "missing 1 of 4 shards: shard-0002-of-0004.jsonl");
        StringAssert.Contains(e.Message, "unfinished: shard-0002-of-0004.jsonl.partial");
    }

    [TestMethod]
    public void Merge_ShardInTwoFiles_RefusesNamingBoth()
    {
        string folder = ShardParts.WriteAll(shards: 2, videos: 10);
        File.Copy(Path.Combine(folder, ShardPartFile.NameOf(1, 2)), Path.Combine(folder, "copy-of-shard-1.jsonl"));

        var e = Assert.ThrowsExactly<ShardMergeException>(() => ShardMerger.Merge(folder));
        StringAssert.Contains(e.Message, "shard 1 of 2 is in 2 files: copy-of-shard-1.jsonl, shard-0001-of-0002.jsonl");
        StringAssert.Contains(e.Message, "are there twice: video ");
        StringAssert.Contains(e.Message, "in copy-of-shard-1.jsonl and shard-0001-of-0002.jsonl");
    }

    [TestMethod]
    public void Merge_PartOfAnotherModel_RefusesNamingBothModels()
    {
        string folder = ShardParts.WriteAll(shards: 3, videos: 12);
        File.Delete(Path.Combine(folder, ShardPartFile.NameOf(1, 3)));
        ShardParts.WriteShard(folder, 1, 3, 12, modelSha: "bb99");

        var e = Assert.ThrowsExactly<ShardMergeException>(() => ShardMerger.Merge(folder));
        StringAssert.Contains(e.Message, "shard-0001-of-0003.jsonl is from another run than shard-0000-of-0003.jsonl");
        StringAssert.Contains(e.Message, "sha256 bb99");
        StringAssert.Contains(e.Message, "sha256 aa11");
    }

    [TestMethod]
    public void Merge_PartsOfAnotherShardCount_Refused()
    {
        string folder = ShardParts.WriteAll(shards: 2, videos: 10);
        ShardParts.WriteShard(folder, 0, 3, 10);

        var e = Assert.ThrowsExactly<ShardMergeException>(() => ShardMerger.Merge(folder));
        StringAssert.Contains(e.Message, "3 vs 2 shards");
    }

    [TestMethod]
    public void Merge_CutOffPart_RefusedAsIncomplete()
    {
        string folder = ShardParts.WriteAll(shards: 2, videos: 10);
        string part = Path.Combine(folder, ShardPartFile.NameOf(0, 2));
        File.WriteAllLines(part, File.ReadAllLines(part)[..^1]);

        var e = Assert.ThrowsExactly<ShardMergeException>(() => ShardMerger.Merge(folder));
        StringAssert.Contains(e.Message, "shard-0000-of-0002.jsonl' is incomplete");
    }

    [TestMethod]
    public void Merge_EmptyFolder_Refused()
    {
        string folder = TestData.TempPath("empty");
        Directory.CreateDirectory(folder);

        var e = Assert.ThrowsExactly<ShardMergeException>(() => ShardMerger.Merge(folder));
        StringAssert.Contains(e.Message, "No complete part file");
    }
}
