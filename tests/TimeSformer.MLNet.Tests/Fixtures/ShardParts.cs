using TimeSformer.MLNet.Evaluation.Sharding;
using TimeSformer.Video.Datasets;

namespace TimeSformer.MLNet.Tests.Fixtures;

/// <summary>Part files of a made-up run (no model is scored): video i is <c>clip{i}.avi</c>, in the shard its key hashes to.</summary>
internal static class ShardParts
{
    public static ShardPartHeader Header(int shard, int shards, int videos, string modelSha = "aa11") => new()
    {
        Shard = shard,
        Shards = shards,
        ModelPath = "/models/m.onnx",
        ModelSha256 = modelSha,
        ModelMetadata = TestData.Metadata.ToMetadataProps(),
        Scoring = "temporal_clips=1;spatial_crops=1",
        DataSha256 = "dd22",
        Videos = videos,
        Labelled = true,
    };

    public static string Key(int index) => $"clip{index}.avi";

    public static ShardPartRow Row(int index) =>
        new(index, Key(index), "/data/" + Key(index), "red", "green", [0.25f + (index * 1e-7f), 0.5f, 0.25f - (index * 1e-7f)], "");

    /// <summary>Writes shard <paramref name="shard"/> complete into <paramref name="folder"/>.</summary>
    public static string WriteShard(string folder, int shard, int shards, int videos, string modelSha = "aa11")
    {
        using var writer = ShardPartWriter.Open(folder, Header(shard, shards, videos, modelSha));
        foreach (int i in Enumerable.Range(0, videos).Where(i => VideoShard.IndexOf(Key(i), shards) == shard))
            writer.Append(Row(i));
        writer.Complete(1.5);
        return writer.PartPath;
    }

    /// <summary>Every shard of a run, complete, in a new folder.</summary>
    public static string WriteAll(int shards, int videos)
    {
        string folder = TestData.TempPath("parts");
        for (int s = 0; s < shards; s++) WriteShard(folder, s, shards, videos);
        return folder;
    }
}
