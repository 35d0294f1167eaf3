using System.Text.Json.Serialization;

namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>The first line of a part file: which shard it is and what run it belongs to. Parts merge only when
/// everything but <see cref="Shard"/> agrees.</summary>
public sealed record ShardPartHeader
{
    /// <summary>Version of the part-file format this library writes.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Format version.</summary>
    public int Format { get; init; } = CurrentFormat;

    /// <summary>0-based shard index.</summary>
    public required int Shard { get; init; }

    /// <summary>Number of shards of the run.</summary>
    public required int Shards { get; init; }

    /// <summary>The model file as the shard saw it (paths may differ between nodes; <see cref="ModelSha256"/> decides).</summary>
    public required string ModelPath { get; init; }

    /// <summary>SHA-256 of the ONNX file's bytes, lower-case hex.</summary>
    public required string ModelSha256 { get; init; }

    /// <summary>The model's <c>metadata_props</c> (clip spec, labels, configuration), so a merge needs no model file.</summary>
    public required IReadOnlyDictionary<string, string> ModelMetadata { get; init; }

    /// <summary>The scoring settings that change scores (views per video), e.g. <c>temporal_clips=1;spatial_crops=1</c>.</summary>
    public required string Scoring { get; init; }

    /// <summary>SHA-256 over the full list's keys and labels in order: shards of another list, split or seed differ.</summary>
    public required string DataSha256 { get; init; }

    /// <summary>Number of videos in the full list (all shards).</summary>
    public required int Videos { get; init; }

    /// <summary>Whether the list has labels (<c>evaluate</c>) or not (<c>predict</c>).</summary>
    public required bool Labelled { get; init; }

    /// <summary>The part's file name: <c>shard-IIII-of-NNNN.jsonl</c>.</summary>
    [JsonIgnore]
    public string FileName => ShardPartFile.NameOf(Shard, Shards);

    /// <summary>What two parts of one run must share: everything but the shard index and the model's path.</summary>
    internal string RunIdentity =>
        string.Join("\n", Format, Shards, ModelSha256, string.Join("\u001f", ModelMetadata.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}")), Scoring, DataSha256, Videos, Labelled);
}
