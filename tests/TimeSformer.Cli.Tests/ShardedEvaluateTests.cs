using System.Text.Json;
using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

/// <summary><c>evaluate --shard</c> and <c>merge</c> without a scheduler (the Slurm run is <see cref="SlurmEvaluateScriptTests"/>).</summary>
[TestClass]
public sealed class ShardedEvaluateTests
{
    private static string[] Evaluate(string output, params string[] more) =>
        ["evaluate", "--model", CliFixture.Model, "--data", CliFixture.DataFolder, "--output", output, .. more];

    [TestMethod]
    public void ShardsThenMerge_SamePredictionsBytesAndMetricsAsOneProcess()
    {
        string single = CliFixture.NewFolder("single"), sharded = CliFixture.NewFolder("sharded");
        var one = CliRunner.Run(Evaluate(single, "--json"));
        CliAssert.Succeeded(one);
        var shards = new[] { "0/3", "1/3", "2/3" }.Select(s => CliRunner.Run(Evaluate(sharded, "--shard", s, "--json"))).ToList();
        var merged = CliRunner.Run("merge", sharded, "--json");

        foreach (var shard in shards) CliAssert.Succeeded(shard);
        CliAssert.Succeeded(merged);
        Assert.AreEqual(16, shards.Sum(s => JsonDocument.Parse(s.StdOut).RootElement.GetProperty("videos").GetInt32()), "the shards hold every video once");
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(single, "predictions.csv")), File.ReadAllBytes(Path.Combine(sharded, "predictions.csv")));
        Assert.AreEqual(Metrics(one.StdOut), Metrics(merged.StdOut));
        StringAssert.Contains(merged.StdErr, "Merged 3 parts (16 videos)");
    }

    [TestMethod]
    public void Shard_RunTwice_SecondRunScoresNothing()
    {
        string output = CliFixture.NewFolder("twice");
        CliAssert.Succeeded(CliRunner.Run(Evaluate(output, "--shard", "1/2")));
        byte[] part = File.ReadAllBytes(Path.Combine(output, "parts", "shard-0001-of-0002.jsonl"));

        var again = CliRunner.Run(Evaluate(output, "--shard", "1/2"));

        CliAssert.Succeeded(again);
        StringAssert.Contains(again.StdOut, "Shard 1/2: already complete");
        CollectionAssert.AreEqual(part, File.ReadAllBytes(Path.Combine(output, "parts", "shard-0001-of-0002.jsonl")));
    }

    [TestMethod]
    public void Merge_ShardMissing_FailsNamingIt()
    {
        string output = CliFixture.NewFolder("missing");
        CliAssert.Succeeded(CliRunner.Run(Evaluate(output, "--shard", "0/2")));

        CliAssert.FailedWithOneLine(CliRunner.Run("merge", output), "missing 1 of 2 shards: shard-0001-of-0002.jsonl");
    }

    [TestMethod]
    public void Shard_OutOfRange_IsUsageError() =>
        CliAssert.UsageError(CliRunner.Run(Evaluate(CliFixture.NewFolder("range"), "--shard", "2/2")), "'2/2' is not a shard");

    [TestMethod]
    public void Shard_AutoOutsideAnArrayJob_FailsNamingTheVariables() =>
        CliAssert.FailedWithOneLine(CliRunner.Run(Evaluate(CliFixture.NewFolder("auto"), "--shard", "auto", "--shard-count", "2")),
            "SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX");

    /// <summary>The printed metrics without the report's paths, which differ by folder.</summary>
    internal static string Metrics(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("report");
        return node.ToJsonString();
    }
}
