using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

/// <summary>The verbs that chain the others (<c>demo</c>, <c>ablate</c>), and every verb's help.</summary>
[TestClass]
public sealed class WorkflowCommandTests
{
    [TestMethod]
    public void Demo_TinySettings_RunsTheWholePathAndPrintsTheReport()
    {
        string root = CliFixture.NewFolder("demo");
        var result = CliRunner.Run("demo", "--output", root, "--preset", "tiny", "--classes", "2", "--clips-per-class", "4",
            "--epochs", "1", "--batch-size", "8");
        CliAssert.Succeeded(result);
        CliAssert.Plain(result.StdOut);
        StringAssert.Contains(result.StdOut, "Wrote 8 clips (2 classes x 4, 64x64 px, 4 groups; 6 train, 2 test)");
        StringAssert.Contains(result.StdOut, "Scored 2 of 2 videos");
        StringAssert.Contains(result.StdOut, "Micro accuracy:");
        StringAssert.Contains(result.StdOut, Path.Combine(root, "report", "report.html"));
        Assert.IsTrue(File.Exists(Path.Combine(root, "train", "model.onnx")));
        Assert.IsTrue(File.Exists(Path.Combine(root, "report", "report.html")));
    }

    [TestMethod]
    public void Ablate_TwoVariants_WritesTheComparisonTable()
    {
        string output = CliFixture.NewFolder("ablate");
        var result = CliRunner.Run("ablate", "--data", CliFixture.Manifest, "--output", output, "--preset", "tiny", "--epochs", "1",
            "--batch-size", "12", "--variants", "divided", "space-only");
        CliAssert.Succeeded(result);
        var csv = File.ReadAllLines(Path.Combine(output, "ablation.csv"));
        Assert.AreEqual(3, csv.Length, string.Join("\n", csv));
        StringAssert.StartsWith(csv[1], "divided,divided_space_time,space_time,");
        // Space-only attention has no time_embed: its embedding is spatial whatever the preset says.
        StringAssert.StartsWith(csv[2], "space-only,space_only,space,");
        StringAssert.Contains(File.ReadAllText(Path.Combine(output, "ablation.md")), "| space-only |");
    }

    [TestMethod]
    public void Ablate_UnknownVariant_ExitsWithUsageCode()
    {
        var result = CliRunner.Run("ablate", "--data", CliFixture.Manifest, "--output", CliFixture.NewFolder("ablate"), "--variants", "lstm-only");
        CliAssert.UsageError(result, "lstm-only");
    }

    [TestMethod]
    public void Help_EveryVerb_ExitsZeroAndDescribesItsOptions()
    {
        foreach (var verb in new[] { "demo", "synth", "synth-photos", "train", "ablate", "export", "import", "evaluate", "predict", "info", "bench" })
        {
            var result = CliRunner.Run(verb, "--help");
            CliAssert.Succeeded(result);
            StringAssert.Contains(result.StdOut, $"timesformer {verb}", verb);
            StringAssert.Contains(result.StdOut, "Options:", verb);
        }
    }
}
