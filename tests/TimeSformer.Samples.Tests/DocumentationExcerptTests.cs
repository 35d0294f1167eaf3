using System.Text.RegularExpressions;
using TimeSformer.Samples.Tests.Fixtures;

namespace TimeSformer.Samples.Tests;

/// <summary>Every C# block in the repository's Markdown is an excerpt of one sample's <c>Program.cs</c>: each of its
/// lines stands in that file, so the documentation shows only code that is built and run by these tests.</summary>
[TestClass]
public sealed partial class DocumentationExcerptTests
{
    [GeneratedRegex(@"^```(?:csharp|cs|c#)\s*\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex CSharpBlock();

    private static readonly string[] Skipped = ["bin", "obj", "runs", ".git", "TestResults"];

    private static IEnumerable<string> MarkdownFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.md").Concat(Directory.EnumerateDirectories(folder)
            .Where(d => !Skipped.Contains(Path.GetFileName(d))).SelectMany(MarkdownFiles));

    private static HashSet<string> LinesOf(string path) =>
        [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0)];

    [TestMethod]
    public void CSharpBlocks_AllMarkdown_EachLineInOneSample()
    {
        string root = SampleRunner.RepositoryRoot;
        var samples = Directory.GetDirectories(Path.Combine(root, "samples"))
            .Select(d => Path.Combine(d, "Program.cs")).Where(File.Exists)
            .ToDictionary(p => Path.GetRelativePath(root, p), LinesOf);
        Assert.HasCount(4, samples);
        var blocks = MarkdownFiles(root)
            .SelectMany(md => CSharpBlock().Matches(File.ReadAllText(md)).Select(m => (File: Path.GetRelativePath(root, md), Code: m.Groups[1].Value)))
            .ToList();
        Assert.IsTrue(blocks.Any(b => b.File == "README.md"), "the README shows the ScoreVideos sample");
        foreach (var (file, code) in blocks)
        {
            string[] lines = [.. code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
            var source = samples.FirstOrDefault(s => lines.All(s.Value.Contains)).Key;
            var missing = lines.Where(l => !samples.Values.Any(s => s.Contains(l)));
            Assert.IsNotNull(source, $"A C# block in {file} is not an excerpt of one sample; lines in no sample:\n{string.Join('\n', missing)}");
        }
    }
}
