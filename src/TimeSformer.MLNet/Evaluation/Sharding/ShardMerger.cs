using TimeSformer.Contract;
using TimeSformer.Video.Datasets;

namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>Joins the part files of an array job into the full list of scored videos, in list order, as one process
/// would have scored them; refuses (naming the files) when a shard is missing, a video or shard is there twice, or the
/// parts come from different runs.</summary>
public static class ShardMerger
{
    /// <summary>Reads and checks every part file (<c>*.jsonl</c>) in <paramref name="partsDirectory"/>.</summary>
    /// <exception cref="ShardMergeException">The parts are incomplete, duplicated or from different runs; every
    /// problem found is in the message.</exception>
    public static ShardMergeResult Merge(string partsDirectory)
    {
        if (!Directory.Exists(partsDirectory))
            throw new ShardMergeException($"No part files: '{partsDirectory}' does not exist.");
        var files = Directory.GetFiles(partsDirectory, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        var journals = Directory.GetFiles(partsDirectory, "*.jsonl" + ShardPartFile.JournalSuffix).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new ShardMergeException($"No complete part file (shard-IIII-of-NNNN.jsonl) in '{partsDirectory}'"
                + (journals.Count > 0 ? $"; unfinished: {Names(journals)}." : "."));

        var problems = new List<string>();
        var parts = new List<(string File, ShardPartHeader Header, IReadOnlyList<ShardPartRow> Rows, double Seconds)>();
        foreach (string file in files)
        {
            try
            {
                var (header, partRows, seconds) = ShardPartFile.Read(file);
                parts.Add((file, header, partRows, seconds));
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
            }
        }
        if (parts.Count == 0) throw new ShardMergeException(problems);

        var first = parts[0];
        foreach (var other in parts.Skip(1).Where(p => p.Header.RunIdentity != first.Header.RunIdentity))
            problems.Add($"{Path.GetFileName(other.File)} is from another run than {Path.GetFileName(first.File)}: "
                + ShardRunDifference.Describe(other.Header, first.Header) + ".");
        if (problems.Count > 0) throw new ShardMergeException(problems);

        int shards = first.Header.Shards, videos = first.Header.Videos;
        foreach (var group in parts.GroupBy(p => p.Header.Shard).Where(g => g.Count() > 1))
            problems.Add($"shard {group.Key} of {shards} is in {group.Count()} files: {Names(group.Select(p => p.File))}.");
        var missing = Enumerable.Range(0, shards).Except(parts.Select(p => p.Header.Shard)).ToList();
        if (missing.Count > 0)
            problems.Add($"missing {missing.Count} of {shards} shards: {string.Join(", ", missing.Select(i => ShardPartFile.NameOf(i, shards)))}"
                + (journals.Count > 0 ? $" (unfinished: {Names(journals)}; re-run those tasks)." : " (re-run those tasks)."));

        var rows = new ShardPartRow?[videos];
        var owner = new string[videos];
        var outside = new List<string>();
        var misplaced = new List<string>();
        var twice = new List<string>();
        foreach (var (file, header, partRows, _) in parts)
            foreach (var row in partRows)
            {
                string name = Path.GetFileName(file);
                if (row.Index < 0 || row.Index >= videos)
                    outside.Add($"video {row.Index} ('{row.Key}') in {name}");
                else if (VideoShard.IndexOf(row.Key, shards) != header.Shard)
                    misplaced.Add($"video {row.Index} ('{row.Key}') of shard {VideoShard.IndexOf(row.Key, shards)} in {name}");
                else if (rows[row.Index] is not null)
                    twice.Add($"video {row.Index} ('{row.Key}') in {owner[row.Index]} and {name}");
                else
                    (rows[row.Index], owner[row.Index]) = (row, name);
            }
        Report(problems, outside, $"outside the list of {videos}");
        Report(problems, misplaced, "in the wrong shard's part");
        Report(problems, twice, "there twice");
        if (missing.Count == 0)
        {
            var absent = Enumerable.Range(0, videos).Where(i => rows[i] is null).ToList();
            if (absent.Count > 0)
                problems.Add($"{absent.Count} of {videos} videos are in no part (first: list position {absent[0]}).");
        }
        if (problems.Count > 0) throw new ShardMergeException(problems);

        return new ShardMergeResult(
            first.Header with { Shard = 0 },
            VideoModelMetadata.FromMetadataProps(first.Header.ModelMetadata),
            [.. rows.Select(r => r!.ToScoredVideo())],
            [.. parts.Select(p => p.File)],
            TimeSpan.FromSeconds(parts.Sum(p => p.Seconds)));
    }

    /// <summary>One sentence for many rows with the same fault: how many, and the first.</summary>
    private static void Report(List<string> problems, List<string> rows, string fault)
    {
        if (rows.Count > 0)
            problems.Add($"{rows.Count} {(rows.Count == 1 ? "video is" : "videos are")} {fault}: {rows[0]}{(rows.Count > 1 ? ", ..." : "")}.");
    }

    private static string Names(IEnumerable<string> files) => string.Join(", ", files.Select(Path.GetFileName));
}
