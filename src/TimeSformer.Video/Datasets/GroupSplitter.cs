namespace TimeSformer.Video.Datasets;

/// <summary>Leave-groups-out train/test assignment.</summary>
internal static class GroupSplitter
{
    public static IEnumerable<VideoSample> Assign(IReadOnlyList<VideoSample> samples, double testFraction, int seed)
    {
        static string Key(VideoSample s) => s.Group ?? s.Path;
        var test = TestGroups(samples.Select(Key), testFraction, seed);
        return samples.Select(s => s with { Split = test.Contains(Key(s)) ? VideoDataset.TestSplit : VideoDataset.TrainSplit });
    }

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
