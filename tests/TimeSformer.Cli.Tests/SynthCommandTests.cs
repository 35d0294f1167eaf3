using TimeSformer.Cli.Tests.Fixtures;

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

    [TestMethod]
    public void Synth_GeneralisationOptions_WriteWhatTheyAsk()
    {
        string folder = CliFixture.NewFolder("synth-options");
        var result = CliRunner.Run("synth", "--output", folder, "--classes", "2", "--clips-per-class", "2", "--groups", "2",
            "--width", "96", "--height", "64", "--fps", "10", "--min-frames", "6", "--max-frames", "6", "--background", "Noise",
            "--min-object-size", "0.1", "--max-object-size", "0.15", "--min-speed", "1", "--max-speed", "1.2", "--noise", "0",
            "--container", "Mp4Mp4v", "--seed", "3");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "Wrote 4 clips (2 classes x 2, 96x64 px, 2 groups;");
        var files = Directory.GetFiles(folder, "*.mp4", SearchOption.AllDirectories);
        Assert.HasCount(4, files);
        using var reader = new Video.VideoReader(files[0]);
        Assert.AreEqual(96, reader.Width);
        Assert.AreEqual(64, reader.Height);
        Assert.AreEqual(10, reader.Fps, 1e-3);
        Assert.AreEqual(6, reader.CountFrames());
    }

    [TestMethod]
    [DataRow("--width", "63", "--width must be between 64 and 320, was 63.")]
    [DataRow("--height", "321", "--height must be between 64 and 320, was 321.")]
    [DataRow("--min-object-size", "0.05", "--min-object-size must be between 0.08 and 0.35, was 0.05.")]
    [DataRow("--max-object-size", "0.4", "--max-object-size must be between 0.08 and 0.35, was 0.4.")]
    [DataRow("--min-speed", "0", "--min-speed must be between 0.05 and 1.5, was 0.")]
    [DataRow("--max-speed", "2", "--max-speed must be between 0.05 and 1.5, was 2.")]
    [DataRow("--fps", "0", "--fps must be between 1 and 120, was 0.")]
    [DataRow("--noise", "200", "--noise must be between 0 and 127, was 200.")]
    [DataRow("--background", "Plaid", "Plaid")]
    public void Synth_OutOfRange_ExitsWithUsageCode(string option, string value, string message)
    {
        var result = CliRunner.Run("synth", "--output", CliFixture.NewFolder("synth-bad"), option, value);
        CliAssert.FailedWithOneLine(result, 2, message);
    }

    [TestMethod]
    public void Synth_MinAboveMaxObjectSize_ExitsWithUsageCode()
    {
        var result = CliRunner.Run("synth", "--output", CliFixture.NewFolder("synth-bad"), "--min-object-size", "0.3", "--max-object-size", "0.2");
        CliAssert.FailedWithOneLine(result, 2, "Object sizes need 0 < Min <= Max");
    }

    [TestMethod]
    public void Synth_H264WithoutFfmpeg_OneErrorLineNamingTheTool()
    {
        var result = CliRunner.Run("synth", "--output", CliFixture.NewFolder("synth-h264"), "--classes", "1", "--clips-per-class", "1",
            "--groups", "1", "--container", "Mp4H264", "--ffmpeg", "/nonexistent/ffmpeg");
        CliAssert.FailedWithOneLine(result, "needs ffmpeg", "/nonexistent/ffmpeg");
    }
}
