using TimeSformer.Cli.Tests.Fixtures;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;

namespace TimeSformer.Cli.Tests;

/// <summary><c>train --init</c>: fine-tuning from the official-code reference checkpoint.</summary>
[TestClass]
public sealed class FineTuneCommandTests
{
    private static CliRunner.Result TrainFromReference(string output, params string[] extra) =>
        CliRunner.Run(["train", "--data", CliFixture.Manifest, "--output", output, "--init", CliFixture.Reference(".pyth"),
            "--init-config", CliFixture.Reference(".json"), "--batch-size", "8", "--threads", "1", .. extra]);

    [TestMethod]
    public void Train_InitOfficialCheckpoint_BackboneComesFromItAndHeadIsNew()
    {
        string output = CliFixture.NewFolder("init");
        // A learning rate too small to move a float weight: what the run saves is what it started from.
        var result = TrainFromReference(output, "--epochs", "1", "--lr", "1e-20");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, $"from {CliFixture.Reference(".pyth")}");
        StringAssert.Contains(result.StdOut, "TimeSformer 4x32 px, patch 8, width 64, depth 2");

        var official = TimeSformerOptions.FromOfficialJson(File.ReadAllText(CliFixture.Reference(".json")));
        using var reference = CheckpointLoader.LoadTimeSformer(CliFixture.Reference(".pyth"), official);
        using var trained = CheckpointLoader.LoadTimeSformer(Path.Combine(output, Trainer.BestCheckpointFileName));
        var expected = reference.state_dict();
        foreach (var (name, tensor) in trained.state_dict())
            if (name.StartsWith("head.", StringComparison.Ordinal))
                Assert.AreEqual(4L, tensor.shape[0], $"{name}: a new head for the data's 4 classes");
            else
                Assert.IsTrue(tensor.allclose(expected[name], rtol: 0, atol: 1e-12), $"{name} is not the checkpoint's");
    }

    [TestMethod]
    public void Train_InitWithMoreFrames_ResizesTimeEmbedding()
    {
        string output = CliFixture.NewFolder("init-frames");
        var result = TrainFromReference(output, "--epochs", "1", "--frames", "8");
        CliAssert.Succeeded(result);
        using var trained = CheckpointLoader.LoadTimeSformer(Path.Combine(output, Trainer.BestCheckpointFileName));
        Assert.AreEqual(8, trained.Options.Frames);
        CollectionAssert.AreEqual(new long[] { 1, 8, 64 }, trained.state_dict()["time_embed"].shape);
        // Fine-tuned weights keep the frames their pretraining saw: cropped, not stretched.
        var info = CliRunner.Run("info", Path.Combine(output, "model.onnx"));
        StringAssert.Contains(info.StdOut, "Clip:         8 frames x 32x32, short side 32, SegmentUniform");
    }

    [TestMethod]
    [DataRow("--preset", "base")]
    [DataRow("--frame-differences", "true")]
    [DataRow("--patch", "4")]
    public void Train_InitWithAModelShapingOption_ExitsTwoBeforeWork(string option, string value)
    {
        string output = CliFixture.NewFolder("init-shaping");
        var result = TrainFromReference(output, option, value);
        Assert.AreEqual(2, result.ExitCode, result.StdErr);
        StringAssert.Contains(result.StdErr, $"error: {option} does not apply with --init");
        Assert.IsFalse(File.Exists(Path.Combine(output, Trainer.LogFileName)));
    }

    [TestMethod]
    public void Train_InitOfficialCheckpointWithoutConfig_ExitsWithOneLine()
    {
        string output = CliFixture.NewFolder("init-noconfig");
        var result = CliRunner.Run("train", "--data", CliFixture.Manifest, "--output", output, "--init", CliFixture.Reference(".pyth"));
        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Contains(result.StdErr, "carries no configuration");
        Assert.AreEqual(1, result.StdErr.Trim().Split('\n').Length, result.StdErr);
    }

    [TestMethod]
    public void Train_OfficialRecipe_UsesSgdUnlessTheCommandLineSaysOtherwise()
    {
        string output = CliFixture.NewFolder("recipe");
        var result = TrainFromReference(output, "--recipe", "official-finetune", "--epochs", "1");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "1 epochs, Sgd lr 0.005, batch 8");
    }
}
