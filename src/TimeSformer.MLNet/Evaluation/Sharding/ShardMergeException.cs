namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>Part files that cannot be merged: missing or duplicated shards or videos, cut-off files, or parts of
/// different runs (model, data, scoring, shard count). The message lists every problem found.</summary>
public sealed class ShardMergeException : Exception
{
    /// <summary>One problem.</summary>
    public ShardMergeException(string message) : base(message) => Problems = [message];

    /// <summary>Several problems, listed in the message.</summary>
    public ShardMergeException(IReadOnlyList<string> problems)
        : base($"Cannot merge the part files: {string.Join(" ", problems)}") => Problems = problems;

    /// <summary>Each problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
