using System.Text.Json;
using TimeSformer.Cli.Tests.Fixtures;
using TimeSformer.Torch.Training;

namespace TimeSformer.Cli.Tests;

/// <summary>The bad-input cases that score or train (tiny videos, two-epoch runs): pipes, links, cut and tiny
/// videos, concurrent commands on one folder, killed and resumed runs, and datasets that must not be trained on.</summary>
[TestClass]
public sealed class BadInputScenarioTests
{
    [TestMethod]
    public void Predict_PipeWithoutWriter_ExitsAtOnceWithOneLine()
    {
        var inputs = new BadInputs();
        string fifo = Path.Combine(inputs.Folder, "pipe.avi");
        Assert.AreEqual(0, MakeFifo(fifo));
        var result = CliRunner.Run(TimeSpan.FromSeconds(60), "predict", fifo, "--model", CliFixture.Model);
        CliAssert.FailedWithOneLine(result, $"Cannot decode video '{fifo}': it is empty (0 bytes), or not a regular file (a pipe or a device).");
    }

    [TestMethod]
    public void Predict_SymbolicLinkLoop_ExitsWithOneLineNamingIt()
    {
        var inputs = new BadInputs();
        string a = Path.Combine(inputs.Folder, "a.avi"), b = Path.Combine(inputs.Folder, "b.avi");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        var result = CliRunner.Run("predict", a, "--model", CliFixture.Model);
        CliAssert.FailedWithOneLine(result, $"Cannot decode video '{a}'", "symbolic link");
    }

    [TestMethod]
    public void Predict_MissingAmongGoodVideos_ScoresTheOthersAndExitsOne()
    {
        string good = BadInputs.FixtureVideo(0);
        var result = CliRunner.Run("predict", "/no/such/clip.avi", good, "--model", CliFixture.Model, "--json");
        CliAssert.FailedWithOneLine(result, "Cannot decode video '/no/such/clip.avi': the file does not exist.");
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.AreEqual(good, json.RootElement.EnumerateArray().Single().GetProperty("video").GetString());
    }

    [TestMethod]
    public void Predict_VideoCutShort_IsScoredWithAWarningNamingIt()
    {
        string cut = new BadInputs().CutVideo(0.6);
        var result = CliRunner.Run("predict", cut, "--model", CliFixture.Model, "--json");
        CliAssert.Succeeded(result);
        var lines = StdErrLines(result);
        Assert.HasCount(1, lines, result.StdErr);
        StringAssert.StartsWith(lines[0], $"warning: '{cut}': the header reports ");
        StringAssert.Contains(lines[0], "frames are repeated and the prediction is unreliable");
        using var json = JsonDocument.Parse(result.StdOut);
        StringAssert.Contains(json.RootElement[0].GetProperty("warning").GetString(), "the header reports");
    }

    [TestMethod]
    public void Predict_MoreTemporalClipsThanFrames_WarnsThatClipsOverlap()
    {
        string video = BadInputs.FixtureVideo(0);
        var result = CliRunner.Run("predict", video, "--model", CliFixture.Model, "--temporal-clips", "10");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdErr, $"warning: '{video}': 10 temporal clips of 4 frames need 40 frames but ");
    }

    [TestMethod]
    public void Predict_TinyFrames_WarnThatTheyAreUpscaled()
    {
        string tiny = new BadInputs().TinyVideo(8);
        var result = CliRunner.Run("predict", tiny, "--model", CliFixture.Model);
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdErr, $"warning: '{tiny}': frames are 8x8 px, less than half the model's 32 px clips");
    }

    [TestMethod]
    public void Predict_CorruptVideo_NativeLogsStayQuietUnlessVerbose()
    {
        string cut = new BadInputs().CutVideo(0.6);
        var quiet = CliRunner.Run("predict", cut, "--model", CliFixture.Model);
        Assert.IsTrue(StdErrLines(quiet).All(l => l.StartsWith("warning: ") || l.StartsWith("error: ")), quiet.StdErr);
        var verbose = CliRunner.Run("predict", cut, "--model", CliFixture.Model, "--verbose");
        Assert.IsTrue(StdErrLines(verbose).Count > StdErrLines(quiet).Count, "--verbose lets FFmpeg log: " + verbose.StdErr);
    }

    [TestMethod]
    public void Evaluate_WarnedVideos_AreListedAndCanBeExcluded()
    {
        var inputs = new BadInputs();
        string cut = inputs.CutVideo(0.6);
        string manifest = inputs.Write("set.csv", System.Text.Encoding.UTF8.GetBytes(
            $"path,label\n{cut},move_down\n{BadInputs.FixtureVideo(0)},move_down\n{BadInputs.FixtureVideo(5)},move_left\n"));
        string output = Path.Combine(inputs.Folder, "eval");
        var counted = CliRunner.Run("evaluate", "--model", CliFixture.Model, "--data", manifest, "--output", output, "--json");
        CliAssert.Succeeded(counted);
        using (var json = JsonDocument.Parse(counted.StdOut))
        {
            Assert.AreEqual(3, json.RootElement.GetProperty("scored").GetInt32());
            Assert.AreEqual(cut, json.RootElement.GetProperty("warned_videos").EnumerateArray().Single().GetProperty("path").GetString());
            Assert.IsFalse(json.RootElement.GetProperty("warned_videos_excluded").GetBoolean());
        }
        StringAssert.Contains(counted.StdErr, $"warning: '{cut}' scored with a warning: the header reports");
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        StringAssert.Contains(report, "## Videos scored with a warning");
        StringAssert.Contains(report, cut);

        var excluded = CliRunner.Run("evaluate", "--model", CliFixture.Model, "--data", manifest, "--output", output, "--json", "--exclude-warned");
        CliAssert.Succeeded(excluded);
        using var second = JsonDocument.Parse(excluded.StdOut);
        Assert.AreEqual(2, second.RootElement.GetProperty("scored").GetInt32());
        Assert.IsTrue(second.RootElement.GetProperty("warned_videos_excluded").GetBoolean());
    }

    [TestMethod]
    public void Evaluate_ReusedFolder_HoldsOnlyThisReport()
    {
        string output = CliFixture.NewFolder("reused");
        string stale = Path.Combine(output, "worst_99.png");
        File.WriteAllBytes(stale, [1, 2, 3]);
        var result = CliRunner.Run("evaluate", "--model", CliFixture.Model, "--data", CliFixture.Manifest, "--split", "test", "--output", output);
        CliAssert.Succeeded(result);
        Assert.IsFalse(File.Exists(stale), "A frame strip of an earlier report is removed.");
        Assert.IsTrue(File.Exists(Path.Combine(output, "worst_01.png")));
    }

    [TestMethod]
    public void Evaluate_FolderHeldByAnotherCommand_IsRefusedBeforeScoring()
    {
        string output = CliFixture.NewFolder("held");
        // The lock another timesformer command would hold: the same file, opened exclusively.
        using (new FileStream(Path.Combine(output, ".timesformer.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var result = CliRunner.Run("evaluate", "--model", CliFixture.Model, "--data", CliFixture.Manifest, "--output", output);
            CliAssert.FailedWithOneLine(result, $"Output folder '{output}' is in use by another timesformer command");
        }
        CollectionAssert.AreEquivalent(new[] { ".timesformer.lock" }, Directory.GetFiles(output).Select(Path.GetFileName).ToList());
    }

    [TestMethod]
    public void Train_KilledRun_IsRefusedWithoutResumeAndResumesWithItsOptions()
    {
        var inputs = new BadInputs();
        string run = inputs.FinishedRun();
        // Killed after its second epoch, before the export.
        File.Delete(Path.Combine(run, "model.onnx"));
        string[] options = ["train", "--data", CliFixture.DataFolder, "--output", run, "--preset", "tiny", "--batch-size", "4", "--threads", "2"];
        CliAssert.FailedWithOneLine(CliRunner.Run([.. options, "--epochs", "3"]), 2, "already holds a training run", "--resume");
        var resumed = CliRunner.Run([.. options, "--epochs", "3", "--resume"]);
        CliAssert.Succeeded(resumed);
        Assert.HasCount(3, File.ReadAllLines(Path.Combine(run, Trainer.LogFileName)));
        Assert.IsTrue(File.Exists(Path.Combine(run, "model.onnx")));
    }

    [TestMethod]
    public void Train_KilledMidRun_ReleasesTheFolderAndResumesToACompleteRun()
    {
        string run = Path.Combine(new BadInputs().Folder, "killed");
        string[] options = ["train", "--data", CliFixture.DataFolder, "--output", run, "--preset", "tiny", "--batch-size", "4", "--threads", "1"];
        using (var process = CliRunner.Start([.. options, "--epochs", "500"]))
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(Path.Combine(run, Trainer.LogFileName)) && !process.HasExited && DateTime.UtcNow < deadline)
                Thread.Sleep(50);
            Assert.IsFalse(process.HasExited, "The run was still training when killed.");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        Assert.IsFalse(File.Exists(Path.Combine(run, "model.onnx")), "Killed before the export.");
        int done = File.ReadAllLines(Path.Combine(run, Trainer.LogFileName)).Length;

        CliAssert.FailedWithOneLine(CliRunner.Run([.. options, "--epochs", "500"]), 2, "already holds a training run", "--resume");
        var resumed = CliRunner.Run([.. options, "--epochs", $"{done + 2}", "--resume"]);
        CliAssert.Succeeded(resumed);
        Assert.HasCount(done + 2, File.ReadAllLines(Path.Combine(run, Trainer.LogFileName)), "One log line per epoch, none twice.");
        Assert.IsTrue(File.Exists(Path.Combine(run, "model.onnx")));
        Assert.IsEmpty(Directory.GetFiles(run, "*.tmp"), "No half-written file is left.");
    }

    [TestMethod]
    public void Train_Force_ReplacesTheWholeRun()
    {
        var inputs = new BadInputs();
        string run = inputs.FinishedRun();
        var result = CliRunner.Run("train", "--data", CliFixture.DataFolder, "--output", run, "--preset", "tiny", "--epochs", "1",
            "--batch-size", "8", "--force");
        CliAssert.Succeeded(result);
        Assert.HasCount(1, File.ReadAllLines(Path.Combine(run, Trainer.LogFileName)), "The old run's log is gone.");
        StringAssert.Contains(File.ReadAllText(Path.Combine(run, "run.json")), "\"--batch-size\": \"8\"");
    }

    [TestMethod]
    // Manifest rows: (label, split) per fixture video; the command exits 1 naming the problem and the rows.
    [DataRow("a classifier needs at least two", "move_up,train", "move_up,train", "move_up,test")]
    [DataRow("class 'move_up' has no training clip, only '", "move_left,train", "move_right,train", "move_up,test")]
    [DataRow("is in 2 splits ('train', 'test')", "move_left,train", "move_right,train", "move_left,test", "@0")]
    [DataRow("is listed under 2 labels ('move_left', 'move_right')", "move_left,train", "move_right,train", "move_right,train", "@0")]
    [DataRow("1 row(s) name an unknown split ('holdout'", "move_left,train", "move_right,train", "move_right,holdout")]
    public void Train_BadDataset_ExitsBeforeTrainingNamingTheRows(string message, params string[] rows)
    {
        var inputs = new BadInputs();
        // "@0" repeats the first row's video with the previous row's label and split.
        var lines = rows.Select((row, i) => row == "@0"
            ? $"{BadInputs.FixtureVideo(0)},{rows[i - 1]}"
            : $"{BadInputs.FixtureVideo(i)},{row}");
        string manifest = inputs.Write("set.csv", System.Text.Encoding.UTF8.GetBytes("path,label,split\n" + string.Join("\n", lines) + "\n"));
        string output = Path.Combine(inputs.Folder, "run");
        var result = CliRunner.Run("train", "--data", manifest, "--output", output, "--preset", "tiny", "--epochs", "1");
        CliAssert.FailedWithOneLine(result, $"Data '{manifest}' cannot be trained on", message);
        Assert.IsFalse(File.Exists(Path.Combine(output, "run.json")), "Nothing of a run is written.");
    }

    [TestMethod]
    public void Train_UndecodableTrainingVideos_LeftOutWithAWarningEach()
    {
        var inputs = new BadInputs();
        string text = inputs.Get("{text}");
        string empty = inputs.Get("{empty}");
        string Manifest(string name, params string[] rows) =>
            inputs.Write(name, System.Text.Encoding.UTF8.GetBytes("path,label,split\n" + string.Join("\n", rows) + "\n"));
        string[] good =
        [
            $"{BadInputs.FixtureVideo(0)},move_left,train", $"{BadInputs.FixtureVideo(1)},move_left,train",
            $"{BadInputs.FixtureVideo(2)},move_right,train", $"{BadInputs.FixtureVideo(3)},move_left,test",
            $"{BadInputs.FixtureVideo(4)},move_right,test",
        ];
        string manifest = Manifest("bad-videos.csv", [.. good, $"{text},move_right,train", $"{empty},move_left,train"]);
        var result = CliRunner.Run("train", "--data", manifest, "--output", Path.Combine(inputs.Folder, "run"), "--preset", "tiny",
            "--epochs", "1");
        CliAssert.Succeeded(result);
        var warnings = StdErrLines(result).Where(l => l.StartsWith("warning: left out of training: ", StringComparison.Ordinal)).ToList();
        Assert.HasCount(2, warnings, result.StdErr);
        StringAssert.Contains(warnings[0], $"Cannot decode video '{text}'");
        StringAssert.Contains(warnings[1], $"Cannot decode video '{empty}'");
        StringAssert.Contains(result.StdOut, "Data: 5 videos, 2 classes; 3 train, 0 val, 2 test");

        string onlyBad = Manifest("only-bad.csv", [.. good.Where(r => !r.Contains("move_right,train")), $"{text},move_right,train"]);
        var failed = CliRunner.Run("train", "--data", onlyBad, "--output", Path.Combine(inputs.Folder, "run2"), "--preset", "tiny",
            "--epochs", "1");
        Assert.AreEqual(1, failed.ExitCode, failed.StdErr);
        var lines = StdErrLines(failed);
        Assert.HasCount(2, lines, failed.StdErr);
        StringAssert.StartsWith(lines[0], $"warning: left out of training: Cannot decode video '{text}'");
        StringAssert.Contains(lines[1], "class 'move_right' has no training clip");
    }

    private static List<string> StdErrLines(CliRunner.Result result) =>
        [.. result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    // mkfifo(3) from the C library: .NET has no API that makes a named pipe.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", CharSet = System.Runtime.InteropServices.CharSet.Ansi)]
    private static extern int MakeFifo(string path, uint mode = 0b110_100_100);
}
