using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TimeSformer.Cli.Tests.Fixtures;
using TimeSformer.Torch.Training;

namespace TimeSformer.Cli.Tests;

[TestClass]
public sealed class TrainCommandTests
{
    [TestMethod]
    public void Train_TinyModel_WritesCheckpointsLogAndTheLastEpochAsOnnxModel()
    {
        CliAssert.Succeeded(CliFixture.Train);
        CliAssert.Plain(CliFixture.Train.StdOut);
        StringAssert.Contains(CliFixture.Train.StdOut, "12 train, 0 val, 4 test (the data's split column)");
        StringAssert.Contains(CliFixture.Train.StdOut, "epoch 2/2: train loss");
        // No 'val' split: the last epoch is the model, and model.onnx is its export.
        StringAssert.Contains(CliFixture.Train.StdOut, "Model: epoch 2/2, the last (");
        string last = Path.Combine(CliFixture.TrainFolder, Trainer.LastCheckpointFileName);
        StringAssert.Contains(CliFixture.Train.StdOut, $"Checkpoint: {last}");
        // A small split draws fresh clips every epoch from each video's kept 32x32 frames (8-12 a video, 3 KB each).
        StringAssert.Matches(CliFixture.Train.StdOut,
            new Regex(@"Frames kept in memory: 12 of 12 training videos, 0\.[34] MiB, read in \d+\.\d s before training \(each decoded once, not every epoch\)\.\n.*epoch 1/2"));
        StringAssert.Contains(CliFixture.Train.StdOut, $"ONNX model: {CliFixture.Model}");
        string exported = Path.Combine(CliFixture.NewFolder("last-export"), "last.onnx");
        CliAssert.Succeeded(CliRunner.Run("export", "--checkpoint", last, "--output", exported));
        CollectionAssert.AreEqual(File.ReadAllBytes(exported), File.ReadAllBytes(CliFixture.Model));
        Assert.IsTrue(File.Exists(Path.Combine(CliFixture.TrainFolder, Trainer.BestCheckpointFileName)));
        Assert.AreEqual(2, File.ReadAllLines(Path.Combine(CliFixture.TrainFolder, Trainer.LogFileName)).Length);
        var info = CliRunner.Run("info", CliFixture.Model);
        CliAssert.Succeeded(info);
        StringAssert.Contains(info.StdOut, "Labels (4): move_down, move_left, move_right, move_up");
        StringAssert.Contains(info.StdOut, "Clip:         4 frames x 32x32, whole frame stretched to 32, SegmentUniform");
        // A small split: the head reads the mean of the patch tokens.
        StringAssert.Contains(CliFixture.Train.StdOut, "depth 2, divided_space_time, frame differences, mean pooling;");
        StringAssert.Contains(info.StdOut, "\"frame_differences\":true");
        StringAssert.Contains(info.StdOut, "\"mean_pooling\":true");
    }

    [TestMethod]
    public void Train_FrameDifferencesAndMeanPoolingOffPatchAndCrop_TrainsThePaperModelAtThatPatchOnCroppedFrames()
    {
        string output = CliFixture.NewFolder("no-differences");
        var result = TrainTiny(CliFixture.Manifest, output, "--epochs", "1", "--batch-size", "12", "--frame-differences", "false", "--mean-pooling", "false",
            "--patch", "4", "--fit", "crop");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "Model: TimeSformer 4x32 px, patch 4, width 32, depth 2, divided_space_time;");
        var info = CliRunner.Run("info", Path.Combine(output, "model.onnx"));
        CliAssert.Succeeded(info);
        StringAssert.Contains(info.StdOut, "\"patch_size\":4,");
        StringAssert.Contains(info.StdOut, "Clip:         4 frames x 32x32, short side 32, SegmentUniform");
        StringAssert.Contains(info.StdOut, "\"frame_differences\":false");
        StringAssert.Contains(info.StdOut, "\"mean_pooling\":false");
    }

    [TestMethod]
    public void Train_FolderWithoutSplit_MakesGroupAwareSplit()
    {
        // A manifest without split and group columns: groups come from the v_<class>_gNN_cMM names.
        string folder = CliFixture.NewFolder("nosplit");
        string manifest = RewriteManifest(folder, (row, _) => row[1]);
        var result = TrainTiny(manifest, Path.Combine(folder, "run"), "--epochs", "1", "--batch-size", "8", "--test-fraction", "0.5");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "8 train, 0 val, 8 test (group-aware split: 50% of 4 groups to test (seed 0))");
    }

    [TestMethod]
    public void Train_NoTestClip_WarnsThatTheModelWasNotScored()
    {
        string folder = CliFixture.NewFolder("notest");
        string manifest = RewriteManifest(folder, (row, _) => $"{row[1]},train");
        string output = Path.Combine(folder, "run");
        var result = TrainTiny(manifest, output, "--epochs", "1", "--batch-size", "8");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "16 train, 0 val, 0 test (the data's split column)");
        Assert.AreEqual($"warning: the data has no test clip (the data's split column), so the model was not scored: give it more groups "
            + $"or a split column, or score other videos with 'timesformer evaluate --model {Path.Combine(output, "model.onnx")}'.", result.StdErr.Trim());
        Assert.IsFalse(result.StdOut.Contains("Test accuracy"));
    }

    [TestMethod]
    public void Train_ValidationFraction_HoldsOutTrainingGroupsThatPickTheCheckpoint()
    {
        string output = CliFixture.NewFolder("val");
        var result = TrainTiny(CliFixture.Manifest, output, "--epochs", "2", "--batch-size", "8", "--val-fraction", "0.34");
        CliAssert.Succeeded(result);
        // Three training groups of four clips: one goes to val; the test split is the manifest's, untouched.
        StringAssert.Contains(result.StdOut, "8 train, 4 val, 4 test (the data's split column; 34% of 3 training groups to val (seed 0))");
        StringAssert.Contains(result.StdOut, "epoch 2/2: train loss");
        StringAssert.Contains(result.StdOut, ", val loss ");
        StringAssert.Matches(result.StdOut, new Regex(@"Model: epoch [12]/2, the best on val \("));
        var log = File.ReadAllLines(Path.Combine(output, Trainer.LogFileName));
        Assert.HasCount(2, log);
        foreach (string line in log)
        {
            double accuracy = JsonDocument.Parse(line).RootElement.GetProperty("val_accuracy").GetDouble();
            Assert.IsTrue(accuracy is 0 or 0.25 or 0.5 or 0.75 or 1, line); // four validation clips
        }
    }

    [TestMethod]
    public void Train_ValidationFractionWithAValSplit_ExitsOneWithOneLine()
    {
        string folder = CliFixture.NewFolder("twoval");
        string manifest = RewriteManifest(folder, (row, i) => $"{row[1]},{(i % 4 == 0 ? "val" : row[2])}");
        var result = TrainTiny(manifest, Path.Combine(folder, "run"), "--epochs", "1", "--val-fraction", "0.25");
        CliAssert.FailedWithOneLine(result, "The data already has a 'val' split; --val-fraction would hold out a second one.");
    }

    [TestMethod]
    public void Train_Resume_ContinuesFromTheLastFinishedEpoch()
    {
        string output = CliFixture.NewFolder("resume");
        string[] common = ["train", "--data", CliFixture.Manifest, "--output", output, "--preset", "tiny", "--batch-size", "12"];
        CliAssert.Succeeded(CliRunner.Run([.. common, "--epochs", "1"]));
        var resumed = CliRunner.Run([.. common, "--epochs", "2", "--resume"]);
        CliAssert.Succeeded(resumed);
        StringAssert.Contains(resumed.StdOut, "epoch 2/2: train loss");
        Assert.IsFalse(resumed.StdOut.Contains("epoch 1/2: train loss"), "The finished epoch is not trained again.");
        Assert.AreEqual(2, File.ReadAllLines(Path.Combine(output, Trainer.LogFileName)).Length);
    }

    [TestMethod]
    public void Train_ResumeWithoutState_ExitsTwoWithOneLine()
    {
        var result = CliRunner.Run("train", "--data", CliFixture.Manifest, "--output", CliFixture.NewFolder("resume"), "--resume");
        CliAssert.FailedWithOneLine(result, 2, "holds no run to continue (training-state.bin is missing); drop --resume");
    }

    [TestMethod]
    public void Train_CnnRnnArchitecture_ExportsTheBaseline()
    {
        string output = CliFixture.NewFolder("cnn-rnn");
        var result = TrainTiny(CliFixture.Manifest, output, "--epochs", "1", "--batch-size", "12", "--architecture", "cnn-rnn");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "Model: CNN-RNN 4x32 px");
        var info = CliRunner.Run("info", Path.Combine(output, "model.onnx"));
        CliAssert.Succeeded(info);
        StringAssert.Contains(info.StdOut, "Architecture: cnn-rnn");
    }

    [TestMethod]
    public void Train_ResNet18GruArchitecture_ExportsOneGraphThatEvaluateScores()
    {
        string output = CliFixture.NewFolder("resnet18-gru");
        var result = TrainTiny(CliFixture.Manifest, output, "--epochs", "1", "--batch-size", "12", "--architecture", "resnet18-gru");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "Model: ResNet18-GRU 4x32 px (frozen ResNet18 at 128 px");
        StringAssert.Contains(result.StdOut, "Test accuracy");
        var info = CliRunner.Run("info", Path.Combine(output, "model.onnx"));
        CliAssert.Succeeded(info);
        StringAssert.Contains(info.StdOut, "Architecture: resnet18-gru");
    }

    [TestMethod]
    public void Train_ResNet18TimeSformerArchitecture_ExportsOneGraphThatInfoDescribes()
    {
        string output = CliFixture.NewFolder("resnet18-timesformer");
        var result = TrainTiny(CliFixture.Manifest, output, "--epochs", "1", "--batch-size", "12", "--architecture", "resnet18-timesformer",
            "--backbone-size", "64", "--backbone-stage", "2", "--pixel-patches", "false");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "Model: ResNet18-TimeSformer 4x32 px (frozen ResNet18 stage 2 at 64 px: 8x8 tokens;");
        StringAssert.Contains(result.StdOut, "Test accuracy");
        var info = CliRunner.Run("info", Path.Combine(output, "model.onnx"));
        CliAssert.Succeeded(info);
        StringAssert.Contains(info.StdOut, "Architecture: resnet18-timesformer");
    }

    [TestMethod]
    public void Train_MissingData_ExitsOneWithOneLine()
    {
        var result = CliRunner.Run("train", "--data", "/no/such/videos", "--output", CliFixture.NewFolder("train"));
        CliAssert.FailedWithOneLine(result, "Data '/no/such/videos' does not exist");
    }

    [TestMethod]
    public void Train_ZeroEpochs_ExitsWithUsageCode()
    {
        var result = CliRunner.Run("train", "--data", CliFixture.DataFolder, "--output", CliFixture.NewFolder("train"), "--epochs", "0");
        CliAssert.UsageError(result, "--epochs must be at least 1, was 0.");
    }

    [TestMethod]
    public void Train_TimeBudget_PlansTheEpochsAndShowsTheTimeLeft()
    {
        string output = CliFixture.NewFolder("budget");
        var result = TrainTiny(CliFixture.Manifest, output, "--batch-size", "12", "--time-budget", "4s");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "; the epochs that fit in 0:04, ");
        var planned = Regex.Match(result.StdOut, @"Time budget: (\d+) epochs planned, (\d+) trained(.*)");
        Assert.IsTrue(planned.Success, result.StdOut);
        int epochs = int.Parse(planned.Groups[1].Value, CultureInfo.InvariantCulture);
        int trained = int.Parse(planned.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.IsTrue(epochs is > 1 and < 1000, result.StdOut);
        // The plan fills the budget; a loaded machine may still run out of the 4 s first, and the line then says so.
        Assert.AreEqual(trained < epochs ? " (out of time: --resume finishes the schedule)." : ".", planned.Groups[3].Value.TrimEnd(), result.StdOut);
        Assert.IsTrue(trained <= epochs, result.StdOut);
        // The plan is made again after every epoch, so the first epoch's line shows the plan of that moment.
        StringAssert.Matches(result.StdOut, new Regex(@"epoch 1/\d+: train loss .*, 0:0[0-3] left"));
        Assert.HasCount(trained, File.ReadAllLines(Path.Combine(output, Trainer.LogFileName)));
        StringAssert.Contains(File.ReadAllText(Path.Combine(output, "run.json")), "\"--time-budget\": \"00:00:04\"");
    }

    [TestMethod]
    public void Train_ResumeWithAnotherTimeBudget_KeepsThePlan()
    {
        string output = CliFixture.NewFolder("budget-resume");
        var first = TrainTiny(CliFixture.Manifest, output, "--batch-size", "12", "--time-budget", "3s");
        CliAssert.Succeeded(first);
        // On a loaded machine the 3 s may end before the plan does ("... trained (out of time: ..."), so only the plan is read.
        var planned = Regex.Match(first.StdOut, @"Time budget: (\d+) epochs planned, \d+ trained");
        Assert.IsTrue(planned.Success, first.StdOut);
        string epochs = planned.Groups[1].Value;

        // A budget may change on resume (it limits each call); the schedule stays the one the first call planned, and the
        // hour finishes it.
        var resumed = TrainTiny(CliFixture.Manifest, output, "--batch-size", "12", "--time-budget", "1h", "--resume");
        CliAssert.Succeeded(resumed);
        StringAssert.Contains(resumed.StdOut, $"Time budget: {epochs} epochs planned, {epochs} trained.");
    }

    [TestMethod]
    public void Train_EpochsAndTimeBudget_TheEpochsWin()
    {
        var result = TrainTiny(CliFixture.Manifest, CliFixture.NewFolder("budget-epochs"), "--batch-size", "12", "--epochs", "1", "--time-budget", "1h");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "epoch 1/1: train loss");
        StringAssert.Contains(result.StdErr, "warning: --epochs 1 is given, so --time-budget is ignored.");
        Assert.IsFalse(result.StdOut.Contains(" left"), result.StdOut);
    }

    [TestMethod]
    [DataRow("abc")]
    [DataRow("0s")]
    [DataRow("00:00:00")]
    [DataRow("-00:05:00")]
    [DataRow("90")]
    public void Train_BadTimeBudget_ExitsTwoWithOneLine(string budget)
    {
        var result = CliRunner.Run("train", "--data", CliFixture.Manifest, "--output", CliFixture.NewFolder("budget-bad"), $"--time-budget={budget}");
        CliAssert.FailedWithOneLine(result, 2, $"--time-budget must be a positive duration such as 90s, 5m, 1h30m or 00:05:00, was '{budget}'.");
    }

    [TestMethod]
    public void Train_UnknownFit_ExitsTwoWithOneLine()
    {
        var result = CliRunner.Run("train", "--data", CliFixture.Manifest, "--output", CliFixture.NewFolder("fit-bad"), "--fit", "squash");
        CliAssert.FailedWithOneLine(result, 2, "Argument 'squash' not recognized. Must be one of:");
    }

    [TestMethod]
    [DataRow("90s")]
    [DataRow("5m")]
    [DataRow("1h30m")]
    [DataRow("00:05:00")]
    public void Train_TimeBudgetForms_AreAccepted(string budget)
    {
        // Parsed, so the command gets as far as the data.
        var result = CliRunner.Run("train", "--data", "/no/such/videos", "--output", CliFixture.NewFolder("budget-forms"), "--time-budget", budget);
        CliAssert.FailedWithOneLine(result, 1, "Data '/no/such/videos' does not exist");
    }

    [TestMethod]
    public void Train_Help_ShowsEveryOptionWithItsDefault()
    {
        var result = CliRunner.Run("train", "--help");
        CliAssert.Succeeded(result);
        var defaults = new TrainingOptions();
        StringAssert.Contains(result.StdOut, $"Training epochs (train, demo: a time budget unless given). [default: {defaults.Epochs}]");
        StringAssert.Contains(result.StdOut, $"Clips per optimisation step. [default: {defaults.BatchSize}]");
        StringAssert.Contains(result.StdOut, "[default: small]");
        foreach (var option in new[] { "--data", "--output", "--preset", "--config", "--frames", "--size", "--patch", "--attention", "--frame-differences", "--fit", "--lr", "--seed", "--threads" })
            StringAssert.Contains(result.StdOut, option);
    }

    private static CliRunner.Result TrainTiny(string data, string output, params string[] options) =>
        CliRunner.Run(["train", "--data", data, "--output", output, "--preset", "tiny", .. options]);

    // The fixture's manifest without its header, as absolute path + the columns that rest(row, index) writes.
    private static string RewriteManifest(string folder, Func<string[], int, string> rest)
    {
        string manifest = Path.Combine(folder, "videos.csv");
        File.WriteAllLines(manifest, File.ReadAllLines(CliFixture.Manifest).Skip(1).Select(l => l.Split(','))
            .Select((row, i) => $"{Path.Combine(CliFixture.DataFolder, row[0])},{rest(row, i)}"));
        return manifest;
    }
}
