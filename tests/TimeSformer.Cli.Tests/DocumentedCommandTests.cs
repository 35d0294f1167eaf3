using System.Text.RegularExpressions;
using TimeSformer.Cli.Hosting;

namespace TimeSformer.Cli.Tests;

/// <summary>Every <c>timesformer</c> command in a <c>bash</c> block of the repository's Markdown parses against the
/// command tree: no unknown verb or option, no value of the wrong type or range, nothing required missing. The
/// commands are parsed, not run, so their paths need not exist; shell variables and "I/N" stand for numbers, and lines
/// with other placeholders (<c>&lt;name&gt;</c>, <c>...</c>) are left out.</summary>
[TestClass]
public sealed partial class DocumentedCommandTests
{
    [GeneratedRegex(@"^```bash\s*\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    // How the docs call the tool: installed, or through dotnet run on the project.
    [GeneratedRegex(@"^(?:~/\.timesformer/)?timesformer\s+|^dotnet run --project tools/TimeSformer\.Cli\b.*?\s--\s+")]
    private static partial Regex Invocation();

    // A shell variable, quoted or not, stands for a number in every documented use (e.g. "$SLURM_CPUS_PER_TASK").
    [GeneratedRegex(@"""?\$\{?\w+\}?""?")]
    private static partial Regex ShellVariable();

    private static readonly string[] NotDocs = ["bin", "obj", "runs", ".git", "TestResults", "node_modules"];

    /// <summary>(Markdown file, command line after the tool's name) for each documented command.</summary>
    public static IEnumerable<object[]> Commands()
    {
        string root = ShippedModelTests.RepositoryRoot;
        foreach (string file in Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(NotDocs.Contains)).Order(StringComparer.Ordinal))
        {
            foreach (Match block in BashBlock().Matches(File.ReadAllText(file)))
            {
                // A trailing backslash continues the command on the next line.
                foreach (string line in block.Groups[1].Value.Replace("\\\n", " ").Split('\n'))
                {
                    string command = line.Split(" #")[0].Trim();
                    var call = Invocation().Match(command);
                    if (call.Success && !command.Contains("...") && !command.Contains('<'))
                        // "I/N" is the docs' name for "shard I of N".
                        yield return [Path.GetRelativePath(root, file), ShellVariable().Replace(command[call.Length..], "2").Replace("I/N", "1/2")];
                }
            }
        }
    }

    [TestMethod]
    public void Docs_HaveCommandsOfEveryMainVerb()
    {
        var verbs = Commands().Select(c => ((string)c[1]).Split(' ')[0]).ToHashSet();
        foreach (string verb in new[] { "synth", "train", "evaluate", "predict", "export", "ablate", "bench", "merge" })
            Assert.Contains(verb, verbs);
    }

    [TestMethod]
    [DynamicData(nameof(Commands))]
    public void DocumentedCommand_ParsesAgainstTheCommandTree(string file, string command)
    {
        string[] args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var errors = CliApp.CreateRootCommand().Parse(args).Errors;
        Assert.IsEmpty(errors, $"{file}: timesformer {command}\n{string.Join('\n', errors.Select(e => e.Message))}");
    }
}
