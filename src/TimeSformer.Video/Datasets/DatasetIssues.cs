namespace TimeSformer.Video.Datasets;

/// <summary>What is wrong with a split dataset before anything is trained on it: errors (one class only, a class
/// without training clips, a clip in two splits or under two labels, an unknown split name) would train a useless
/// or leaking model; warnings (duplicate rows) only weigh some clips more. Each message names the rows.</summary>
/// <param name="Errors">Problems that must stop training.</param>
/// <param name="Warnings">Problems worth telling the user about.</param>
public sealed record DatasetIssues(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    private const int Examples = 3;

    private static readonly string[] KnownSplits = [VideoDataset.TrainSplit, VideoDataset.ValidationSplit, VideoDataset.TestSplit];

    /// <summary>Checks <paramref name="data"/>, whose samples are already assigned to splits.</summary>
    public static DatasetIssues Find(VideoDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var errors = new List<string>();
        var warnings = new List<string>();
        if (data.Labels.Count < 2)
            errors.Add($"the data has {data.Labels.Count} class(es) ({Names(data.Labels)}): a classifier needs at least two.");
        var unknown = data.Samples.Where(s => s.Split is { } split && !KnownSplits.Contains(split)).ToList();
        if (unknown.Count > 0)
            errors.Add($"{unknown.Count} row(s) name an unknown split ({Names(unknown.Select(s => s.Split!).Distinct())}; known: "
                + $"{string.Join(", ", KnownSplits)}), so they would be left out: {Rows(unknown)}.");
        foreach (var clip in data.Samples.GroupBy(s => s.Location, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var labels = clip.Select(s => s.Label).Distinct(StringComparer.Ordinal).ToList();
            var splits = clip.Select(s => s.Split ?? "none").Distinct(StringComparer.Ordinal).ToList();
            if (labels.Count > 1)
                errors.Add($"clip '{clip.Key}' is listed under {labels.Count} labels ({Names(labels)}).");
            if (splits.Count > 1)
                errors.Add($"clip '{clip.Key}' is in {splits.Count} splits ({Names(splits)}): the model would be scored on clips it trained on.");
            if (labels.Count == 1 && splits.Count == 1)
                warnings.Add($"clip '{clip.Key}' is listed {clip.Count()} times: it counts {clip.Count()} times.");
        }
        var train = data.Train;
        if (train.Samples.Count > 0)
            foreach (string label in data.Labels.Where(l => train.Samples.All(s => s.Label != l)))
                errors.Add($"class '{label}' has no training clip, only {Rows(data.Samples.Where(s => s.Label == label).ToList())}.");
        return new DatasetIssues(errors, warnings);
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string Rows(IReadOnlyList<VideoSample> samples) =>
        string.Join(", ", samples.Take(Examples).Select(s => $"'{s.Location}' ({s.Split ?? "no split"})"))
        + (samples.Count > Examples ? $" and {samples.Count - Examples} more" : "");
}
