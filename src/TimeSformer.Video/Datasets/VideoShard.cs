using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TimeSformer.Video.Datasets;

/// <summary>
/// One part of a video list scored as an array job: shard <see cref="Index"/> of <see cref="Count"/>. A video belongs
/// to the shard <c>SHA-256(key) mod Count</c>, where the key is its path relative to the data root (forward slashes,
/// plus the time fragment of a segment). The shards are therefore disjoint and together hold every video once, and a
/// video's shard depends on nothing but its own key: the same on every node (whatever the mount point of the shared
/// volume), on every re-run, and unchanged when other videos are added to the library. A sorted-index assignment would
/// balance tiny lists better but moves every later video when one is inserted; with thousands of videos per shard the
/// hash's imbalance is a few percent.
/// </summary>
/// <param name="Index">0-based shard number, below <paramref name="Count"/>.</param>
/// <param name="Count">Number of shards, at least 1.</param>
public sealed record VideoShard(int Index, int Count)
{
    /// <summary>The array-job variables of Slurm (0-based task id and the number of tasks).</summary>
    public const string SlurmTaskIdVariable = "SLURM_ARRAY_TASK_ID", SlurmTaskCountVariable = "SLURM_ARRAY_TASK_COUNT";

    /// <summary>The index variable of a Kubernetes Indexed Job (its count is the job's <c>completions</c>, which the pod
    /// is not told: pass it).</summary>
    public const string KubernetesIndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The one shard that holds every video.</summary>
    public static VideoShard All { get; } = new(0, 1);

    /// <summary>Checks the range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Count"/> is below 1 or <see cref="Index"/> is outside [0, Count).</exception>
    public VideoShard Validate()
    {
        if (Count < 1) throw new ArgumentOutOfRangeException(nameof(Count), Count, "The shard count must be at least 1.");
        if (Index < 0 || Index >= Count)
            throw new ArgumentOutOfRangeException(nameof(Index), Index, $"The shard index must be in 0..{Count - 1} (0-based) for {Count} shards.");
        return this;
    }

    /// <summary>Parses <c>I/N</c> (0-based index I, N shards), e.g. <c>3/4</c>.</summary>
    /// <exception cref="FormatException">Not of that form, or out of range.</exception>
    public static VideoShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !TryInt(parts[0], out int index) || !TryInt(parts[1], out int count) || count < 1 || index >= count)
            throw new FormatException($"'{text}' is not a shard: write I/N with 0 <= I < N, e.g. 3/4 for the last of four shards.");
        return new VideoShard(index, count);
    }

    /// <summary>The shard of an array-job task, from its environment: Slurm's <see cref="SlurmTaskIdVariable"/> (with
    /// <see cref="SlurmTaskCountVariable"/> unless <paramref name="count"/> is given: a re-submitted single task has a
    /// task count of 1), else Kubernetes' <see cref="KubernetesIndexVariable"/> with <paramref name="count"/>.</summary>
    /// <param name="environment">Reads a variable (e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="count">The number of shards when the engine does not say it reliably.</param>
    /// <exception cref="FormatException">No index variable is set, a value is not a number, or the index is out of range;
    /// the message names the variables.</exception>
    public static VideoShard FromEnvironment(Func<string, string?> environment, int? count = null)
    {
        if (environment(SlurmTaskIdVariable) is { } slurmId)
            return FromVariables(SlurmTaskIdVariable, slurmId, count is { } given ? given.ToString(CultureInfo.InvariantCulture) : environment(SlurmTaskCountVariable),
                count is null ? SlurmTaskCountVariable : "the given shard count");
        if (environment(KubernetesIndexVariable) is { } k8sIndex)
            return FromVariables(KubernetesIndexVariable, k8sIndex, count?.ToString(CultureInfo.InvariantCulture), "the given shard count (the Indexed Job's completions)");
        throw new FormatException($"No array-job index in the environment: neither {SlurmTaskIdVariable} (Slurm) nor {KubernetesIndexVariable} (Kubernetes Indexed Job) is set.");
    }

    /// <summary>The key a video is assigned by: <paramref name="path"/> relative to <paramref name="root"/> with forward
    /// slashes, followed by the segment's time fragment when there is one.</summary>
    public static string KeyOf(string path, string root, VideoSegment? segment = null)
    {
        string relative = Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(path)).Replace('\\', '/');
        return segment?.AppendTo(relative) ?? relative;
    }

    /// <summary>The shard (0-based) that holds the video with <paramref name="key"/> among <paramref name="count"/> shards.</summary>
    public static int IndexOf(string key, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ulong hash = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return (int)(hash % (ulong)count);
    }

    /// <summary>Whether this shard holds the video with <paramref name="key"/>.</summary>
    public bool Contains(string key) => IndexOf(key, Count) == Index;

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";

    private static VideoShard FromVariables(string indexName, string indexValue, string? countValue, string countName)
    {
        if (!TryInt(indexValue, out int index))
            throw new FormatException($"{indexName}='{indexValue}' is not a shard index (a non-negative integer).");
        if (countValue is null || !TryInt(countValue, out int count) || count < 1)
            throw new FormatException($"{indexName}={index} needs a shard count: {countName} is {(countValue is null ? "not set" : $"'{countValue}'")}.");
        if (index >= count)
            throw new FormatException($"{indexName}={index} is not below {countName} ({count}): array indices must run from 0 to N-1.");
        return new VideoShard(index, count);
    }

    private static bool TryInt(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
