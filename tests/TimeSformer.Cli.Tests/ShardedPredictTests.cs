using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

/// <summary><c>predict --shard</c> over a folder, merged: the same output as one <c>predict</c>.</summary>
[TestClass]
public sealed class ShardedPredictTests
{
    [TestMethod]
    public void ShardsThenMerge_SameJsonAsOnePredict()
    {
        string output = CliFixture.NewFolder("predict-shards");
        var one = CliRunner.Run("predict", "--model", CliFixture.Model, CliFixture.DataFolder, "--json");
        foreach (string shard in new[] { "0/2", "1/2" })
            CliAssert.Succeeded(CliRunner.Run("predict", "--model", CliFixture.Model, CliFixture.DataFolder, "--shard", shard, "--output", output));
        var merged = CliRunner.Run("merge", output, "--json");

        CliAssert.Succeeded(one);
        CliAssert.Succeeded(merged);
        Assert.AreEqual(16, System.Text.Json.JsonDocument.Parse(one.StdOut).RootElement.GetArrayLength(), "a folder stands for its 16 videos");
        Assert.AreEqual(one.StdOut, merged.StdOut);
        Assert.AreEqual(one.StdOut, File.ReadAllText(Path.Combine(output, "predictions.json")));
    }

    [TestMethod]
    public void Shard_WithoutOutput_IsUsageError() =>
        CliAssert.UsageError(CliRunner.Run("predict", "--model", CliFixture.Model, CliFixture.DataFolder, "--shard", "0/2"), "needs --output");
}
