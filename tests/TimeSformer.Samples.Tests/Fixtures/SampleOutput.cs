using System.Globalization;
using System.Text.RegularExpressions;

namespace TimeSformer.Samples.Tests.Fixtures;

/// <summary>What a sample printed, with helpers that find its lines and numbers.</summary>
internal sealed record SampleOutput(string Name, int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
{
    /// <summary>The lines of standard output.</summary>
    public IReadOnlyList<string> Lines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    /// <summary>The groups of the one line matching <paramref name="pattern"/> (anchored at both ends).</summary>
    public string[] Match(string pattern)
    {
        var matches = Matches(pattern);
        Assert.HasCount(1, matches, $"{Name}: expected one line matching '{pattern}' in:\n{StdOut}");
        return matches[0];
    }

    /// <summary>The groups of every line matching <paramref name="pattern"/> (anchored at both ends), in order.</summary>
    public IReadOnlyList<string[]> Matches(string pattern) =>
        [.. Lines.Select(line => Regex.Match(line, $"^{pattern}$")).Where(m => m.Success)
            .Select(m => m.Groups.Values.Skip(1).Select(g => g.Value).ToArray())];

    /// <summary>The number of the one line matching <paramref name="pattern"/>, whose first group is the number.</summary>
    public double Number(string pattern) => Parse(Match(pattern)[0]);

    /// <summary>The lines <c>  &lt;label&gt; &lt;probability&gt;</c> of a top-k list, in order.</summary>
    public IReadOnlyList<(string Label, double Probability)> TopK() =>
        [.. Matches(@"  (.+) (\d\.\d{4})").Select(g => (g[0], Parse(g[1])))];

    /// <summary>Asserts that the printed top-k list is <paramref name="expected"/>, probabilities to the 4 decimals printed.</summary>
    public void AssertTopK(IReadOnlyList<(string Label, float Probability)> expected)
    {
        var printed = TopK();
        Assert.HasCount(expected.Count, printed, StdOut);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.AreEqual(expected[i].Label, printed[i].Label, $"rank {i + 1}");
            Assert.AreEqual(expected[i].Probability, printed[i].Probability, 5e-5, $"rank {i + 1}");
        }
    }

    /// <summary>A number as the samples print it (invariant culture).</summary>
    public static double Parse(string number) => double.Parse(number, CultureInfo.InvariantCulture);
}
