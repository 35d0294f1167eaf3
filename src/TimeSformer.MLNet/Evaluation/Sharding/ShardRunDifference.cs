namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>Says in words how the headers of two parts differ, for refusals.</summary>
internal static class ShardRunDifference
{
    public static string Describe(ShardPartHeader a, ShardPartHeader b)
    {
        var differences = new List<string>();
        if (a.ModelSha256 != b.ModelSha256 || !a.ModelMetadata.OrderBy(p => p.Key).SequenceEqual(b.ModelMetadata.OrderBy(p => p.Key)))
            differences.Add($"model '{a.ModelPath}' (sha256 {Short(a.ModelSha256)}) vs '{b.ModelPath}' (sha256 {Short(b.ModelSha256)})");
        if (a.Shards != b.Shards) differences.Add($"{a.Shards} vs {b.Shards} shards");
        if (a.DataSha256 != b.DataSha256 || a.Videos != b.Videos || a.Labelled != b.Labelled)
            differences.Add($"video list of {a.Videos} (sha256 {Short(a.DataSha256)}) vs {b.Videos} (sha256 {Short(b.DataSha256)})");
        if (a.Scoring != b.Scoring) differences.Add($"scoring {a.Scoring} vs {b.Scoring}");
        if (a.Format != b.Format) differences.Add($"format {a.Format} vs {b.Format}");
        if (a.Shard != b.Shard) differences.Add($"shard {a.Shard} vs {b.Shard}");
        return string.Join("; ", differences);
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
