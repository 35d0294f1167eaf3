namespace TimeSformer.Cli.Tests;

[TestClass]
public sealed class SynthCommandTests
{
    [TestMethod]
    public void Synth_TinySet_WritesClipsAndManifestWithGroupSplit()
    {
        CliAssert.Succeeded(CliFixture.Synth);
        CliAssert.Plain(CliFixture.Synth.StdOut);
        StringAssert.Contains(CliFixture.Synth.StdOut, "Wrote 16 clips (4 classes x 4, 32x32 px, 4 groups; 12 train, 4 test)");
        var rows = File.ReadAllLines(CliFixture.Manifest).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.AreEqual(16, rows.Count);
        CollectionAssert.AreEquivalent(new[] { "move_down", "move_left", "move_right", "move_up" }, rows.Select(r => r[1]).Distinct().ToArray());
        var testGroups = rows.Where(r => r[2] == "test").Select(r => r[3]).Distinct().ToList();
        Assert.AreEqual(1, testGroups.Count, "One of four groups is held out.");
        Assert.IsFalse(rows.Any(r => r[2] == "train" && r[3] == testGroups[0]), "A group is on both sides of the split.");
        Assert.AreEqual(16, Directory.GetFiles(CliFixture.DataFolder, "*.avi", SearchOption.AllDirectories).Length);
    }

    [TestMethod]
    public void Synth_TooManyClasses_ExitsWithUsageCode()
    {
        var result = CliRunner.Run("synth", "--output", CliFixture.NewFolder("synth"), "--classes", "9");
        CliAssert.UsageError(result, "--classes must be between 1 and 8, was 9.");
    }

    [TestMethod]
    public void Synth_NoOutput_ExitsWithUsageCode()
    {
        var result = CliRunner.Run("synth", "--classes", "2");
        CliAssert.UsageError(result, "--output");
    }
}
