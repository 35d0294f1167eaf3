namespace TimeSformer.Video.Datasets;

/// <summary>Leave-groups-out train/test and train/validation assignment.</summary>
internal static class GroupSplitter
{
    public static IEnumerable<VideoSample> Assign(IReadOnlyList<VideoSample> samples, double testFraction, int seed)
    {
        var test = TestGroups(samples.Select(Key), testFraction, seed);
        return samples.Select(s => s with { Split = test.Contains(Key(s)) ? VideoDataset.TestSplit : VideoDataset.TrainSplit });
    }

    public static IEnumerable<VideoSample> AssignValidation(IReadOnlyList<VideoSample> samples, double fraction, int seed)
    {
        if (fraction is <= 0 or >= 1 || double.IsNaN(fraction))
            throw new ArgumentOutOfRangeException(nameof(fraction), $"Validation fraction must be in (0, 1), was {fraction}.");
        static bool IsTrain(VideoSample s) => string.Equals(s.Split, VideoDataset.TrainSplit, StringComparison.OrdinalIgnoreCase);
        var trainGroups = samples.Where(IsTrain).Select(Key).ToList();
        int distinct = trainGroups.Distinct().Count();
        if (distinct < 2)
            throw new InvalidOperationException($"Holding out validation groups needs at least two training groups; the training split has {distinct}.");
        var validation = TestGroups(trainGroups, fraction, seed);
        return samples.Select(s => IsTrain(s) && validation.Contains(Key(s)) ? s with { Split = VideoDataset.ValidationSplit } : s);
    }

    /// <summary>The group a sample belongs to: a sample without a group is a group of its own.</summary>
    public static string Key(VideoSample s) => s.Group ?? s.Path;

    /// <summary>The groups that go to the test side: a seeded shuffle of the sorted distinct keys, of which the first
    /// round(fraction * count) are taken (at least one and at most all but one when there are two or more).</summary>
    public static HashSet<string> TestGroups(IEnumerable<string> keys, double testFraction, int seed)
    {
        if (testFraction is < 0 or >= 1 || double.IsNaN(testFraction))
            throw new ArgumentOutOfRangeException(nameof(testFraction), $"Test fraction must be in [0, 1), was {testFraction}.");
        var groups = keys.Distinct().Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(groups);
        int testCount = (int)Math.Round(testFraction * groups.Length);
        if (testFraction > 0 && groups.Length > 1) testCount = Math.Clamp(testCount, 1, groups.Length - 1);
        return groups.Take(testCount).ToHashSet(StringComparer.Ordinal);
    }
}
