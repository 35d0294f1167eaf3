using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Evaluation;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using TimeSformer.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class TrainerTests
{
    private static readonly TrainingOptions Quick = new()
    {
        Epochs = 4, BatchSize = 8, LearningRate = 3e-3, WarmupEpochs = 0.5, Seed = 7, Threads = 1,
    };

    private string output = "";

    [TestInitialize]
    public void CreateOutput() => output = Directory.CreateTempSubdirectory("trainer-tests-").FullName;

    [TestCleanup]
    public void DeleteOutput() => Directory.Delete(output, recursive: true);

    private static TimeSformerModel TinyModel(int seed = 1, double dropPath = 0.1, double headDrop = 0.2)
    {
        manual_seed(seed);
        return new TimeSformerModel(TimeSformerOptions.Tiny(2) with { DropPathRate = dropPath, HeadDropRate = headDrop });
    }

    [TestMethod]
    public void Train_TinySet_LossFalls()
    {
        using var model = TinyModel(dropPath: 0, headDrop: 0);
        var data = MotionClips.Source(8, contrastCue: true);
        var result = new Trainer(Quick with { Epochs = 8, LabelSmoothing = 0 }).Train(model, MotionClips.Metadata(), data, null, output);

        Assert.HasCount(8, result.History);
        double first = result.History[0].TrainLoss, last = result.History[^1].TrainLoss;
        Assert.IsLessThan(0.6 * first, last, $"loss went from {first} to {last}");
        // Without validation clips the last epoch is the model, whichever epoch training accuracy ranked first.
        Assert.AreEqual(8, result.ModelEpoch);
        Assert.AreEqual(result.LastCheckpointPath, result.ModelCheckpointPath);
    }

    [TestMethod]
    public void Train_DivergingLearningRate_StopsBeforeTheEpochIsWritten()
    {
        using var model = TinyModel(dropPath: 0, headDrop: 0);
        var trainer = new Trainer(Quick with { Epochs = 2, BatchSize = 4, LearningRate = 1e30, WarmupEpochs = 0, GradientClipNorm = 0 });
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Train(model, MotionClips.Metadata(), MotionClips.Source(4), null, output));
        StringAssert.StartsWith(e.Message, "Training diverged in epoch 1: the loss is ");
        StringAssert.Contains(e.Message, "Lower the learning rate (it was 1E+30)");
        Assert.IsFalse(File.Exists(Path.Combine(output, Trainer.BestCheckpointFileName)), "A diverged epoch is never a checkpoint.");
        Assert.IsFalse(File.Exists(Path.Combine(output, Trainer.StateFileName)));
    }

    [TestMethod]
    public void Train_WithValidation_WritesLogCheckpointsAndCurves()
    {
        using var model = TinyModel();
        var result = new Trainer(Quick with { Epochs = 2 }).Train(model, MotionClips.Metadata(), MotionClips.Source(4), MotionClips.Source(2, seed: 9), output);

        var lines = File.ReadAllLines(Path.Combine(output, Trainer.LogFileName));
        Assert.HasCount(2, lines);
        StringAssert.Contains(lines[1], "\"epoch\":2");
        StringAssert.Contains(lines[1], "\"val_accuracy\":");
        Assert.IsTrue(ModelCheckpoint.IsModelCheckpoint(result.LastCheckpointPath));
        Assert.IsTrue(ModelCheckpoint.IsModelCheckpoint(result.BestCheckpointPath));
        var png = File.ReadAllBytes(Path.Combine(output, Trainer.CurvesFileName));
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.IsEmpty(Directory.GetFiles(output, "*.tmp"));
    }

    [TestMethod]
    public void Resume_AfterInterruption_EqualsUninterruptedRun()
    {
        var data = MotionClips.Source(4);
        var validation = MotionClips.Source(2, seed: 5);
        var options = Quick with { Epochs = 4, AugmentationVariants = 0 };
        string straightDir = Path.Combine(output, "straight"), resumedDir = Path.Combine(output, "resumed");
        using var straight = TinyModel();
        new Trainer(options).Train(straight, MotionClips.Metadata(), data, validation, straightDir);

        using (var interrupted = TinyModel())
        using (var cts = new CancellationTokenSource())
        {
            var stopAfterTwo = new SyncProgress(p =>
            {
                if (p.Phase == TrainingPhase.EpochEnd && p.Epoch == 2) cts.Cancel();
            });
            Assert.ThrowsExactly<OperationCanceledException>(() =>
                new Trainer(options).Train(interrupted, MotionClips.Metadata(), data, validation, resumedDir, stopAfterTwo, cts.Token));
        }
        using var resumed = TinyModel(seed: 99); // different initial weights: all must come from the state
        var result = new Trainer(options).Resume(resumed, MotionClips.Metadata(), data, validation, resumedDir);

        Assert.HasCount(4, result.History);
        Assert.HasCount(4, File.ReadAllLines(Path.Combine(resumedDir, Trainer.LogFileName)));
        var expected = straight.state_dict();
        foreach (var (name, actual) in resumed.state_dict())
        {
            double diff = (actual - expected[name]).abs().max().item<float>();
            Assert.IsLessThanOrEqualTo(1e-6, diff, $"{name} differs by {diff}");
        }
    }

    [TestMethod]
    public void Train_TimeBudget_PlansEpochsThatEndTheScheduleAtItsFloorWithinTheBudget()
    {
        using var model = TinyModel();
        var options = Quick with { Epochs = 200, BatchSize = 2, TimeBudget = TimeSpan.FromSeconds(4) };
        TimeSpan? lastLeft = null;
        // Steps padded by a sleep: epochs of steady length, so a loaded machine cannot make the plan overrun.
        var progress = new SyncProgress(p =>
        {
            lastLeft = p.BudgetRemaining;
            if (p.Phase == TrainingPhase.Step) Thread.Sleep(150);
        });
        var result = new Trainer(options).Train(model, MotionClips.Metadata(), MotionClips.Source(2), null, output, progress);

        Assert.IsTrue(result.EndedByTimeBudget);
        Assert.IsTrue(result.PlannedEpochs is > 1 and < 200, $"planned {result.PlannedEpochs}");
        Assert.HasCount(result.PlannedEpochs, result.History);
        // The last step ran at the planned schedule's last rate, near its floor (1% of the peak).
        var schedule = TimeBudgetPlanner.Schedule(options, result.PlannedEpochs);
        Assert.AreEqual(LearningRateScheduler.Rate(schedule, result.PlannedEpochs * 2 - 1, 2), result.History[^1].LearningRate, 1e-12);
        Assert.IsLessThan(0.1 * options.LearningRate, result.History[^1].LearningRate);
        double epochSeconds = result.History.Average(m => m.Seconds);
        Assert.IsLessThan(4 + epochSeconds, result.Elapsed.TotalSeconds);
        Assert.IsGreaterThan(4 - 3 * epochSeconds, result.Elapsed.TotalSeconds, "The plan should use the budget.");
        Assert.IsNotNull(lastLeft);
        Assert.IsLessThan(TimeSpan.FromSeconds(4), lastLeft.Value);
    }

    [TestMethod]
    public void Train_TimeBudgetRunsOut_StopsAfterTheEpochAndResumeFinishesThePlan()
    {
        var data = MotionClips.Source(2);
        var options = Quick with { Epochs = 200, BatchSize = 2, TimeBudget = TimeSpan.FromSeconds(2) };
        using var model = TinyModel();
        // Epoch 2 stalls past the budget, as on a machine that got busy after the plan was made.
        var stall = new SyncProgress(p =>
        {
            if (p.Phase == TrainingPhase.Step && p.Epoch == 2 && p.Step == 1) Thread.Sleep(2100);
        });
        var stopped = new Trainer(options).Train(model, MotionClips.Metadata(), data, null, output, stall);

        Assert.IsTrue(stopped.EndedByTimeBudget);
        Assert.HasCount(2, stopped.History);
        Assert.IsGreaterThan(2, stopped.PlannedEpochs);
        Assert.HasCount(2, File.ReadAllLines(Path.Combine(output, Trainer.LogFileName)));

        using var resumed = TinyModel(seed: 99);
        var finished = new Trainer(options with { TimeBudget = null }).Resume(resumed, MotionClips.Metadata(), data, null, output);
        Assert.AreEqual(stopped.PlannedEpochs, finished.PlannedEpochs, "A resumed run keeps the budget's plan.");
        Assert.HasCount(stopped.PlannedEpochs, finished.History);
    }

    [TestMethod]
    public void Resume_NoState_ThrowsNamingTheFile()
    {
        using var model = TinyModel();
        var e = Assert.ThrowsExactly<FileNotFoundException>(() =>
            new Trainer(Quick).Resume(model, MotionClips.Metadata(), MotionClips.Source(2), null, output));
        StringAssert.Contains(e.Message, Trainer.StateFileName);
    }

    [TestMethod]
    public void Train_NoImprovement_StopsAfterPatience()
    {
        using var model = TinyModel(dropPath: 0, headDrop: 0);
        // A learning rate too small to change any float weight: validation never improves after epoch 1.
        var options = Quick with { Epochs = 10, Patience = 2, LearningRate = 1e-20, WarmupEpochs = 0, Schedule = LearningRateSchedule.Constant };
        var result = new Trainer(options).Train(model, MotionClips.Metadata(), MotionClips.Source(2), MotionClips.Source(2, seed: 3), output);

        Assert.IsTrue(result.StoppedEarly);
        Assert.HasCount(3, result.History);
        Assert.AreEqual(1, result.BestEpoch);
        // Validation clips ranked the epochs, so the best one is the model.
        Assert.AreEqual(1, result.ModelEpoch);
        Assert.AreEqual(result.BestCheckpointPath, result.ModelCheckpointPath);
    }

    [TestMethod]
    public void Train_XavierInitialization_ReinitialisesLinearWeights()
    {
        using var model = TinyModel();
        var frozen = Quick with { Epochs = 1, LearningRate = 1e-20, WarmupEpochs = 0, Schedule = LearningRateSchedule.Constant, WeightDecay = 0 };
        new Trainer(frozen).Train(model, MotionClips.Metadata(), MotionClips.Source(2), null, output);

        var qkv = model.state_dict()["blocks.0.attn.qkv.weight"]; // [96, 32]: Xavier std sqrt(2 / 128) = 0.125
        Assert.AreEqual(0.125, qkv.std().item<float>(), 0.0125);
        Assert.IsLessThan(1e-15f, model.state_dict()["blocks.0.attn.qkv.bias"].abs().max().item<float>());
    }

    [TestMethod]
    public void Train_ForFineTuning_KeepsModelWeights()
    {
        using var model = TinyModel();
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        var frozen = (Quick with { Epochs = 1, LearningRate = 1e-20, WarmupEpochs = 0, Schedule = LearningRateSchedule.Constant, WeightDecay = 0, TimeEmbeddingInit = TimeEmbeddingInit.Sinusoidal }).ForFineTuning();
        new Trainer(frozen).Train(model, MotionClips.Metadata(), MotionClips.Source(2), null, output);

        foreach (var (name, tensor) in model.state_dict())
            Assert.IsTrue(tensor.allclose(before[name], rtol: 0, atol: 1e-15), $"{name} changed"); // zeros move by lr = 1e-20
    }

    [TestMethod]
    public void Train_ModelWithLoadedWeightsDefaultOptions_KeepsTheWeights()
    {
        using var model = TinyModel(seed: 1);
        using (var trained = TinyModel(seed: 2))
            model.load_state_dict(trained.state_dict());
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        // Default Xavier and sinusoidal initialisation asked for, which a model built from scratch would get.
        var frozen = Quick with { Epochs = 1, LearningRate = 1e-20, WarmupEpochs = 0, Schedule = LearningRateSchedule.Constant, WeightDecay = 0 };
        Assert.AreEqual(WeightInitialization.XavierUniform, frozen.Initialization);
        new Trainer(frozen).Train(model, MotionClips.Metadata(), MotionClips.Source(2), null, output);

        foreach (var (name, tensor) in model.state_dict())
            Assert.IsTrue(tensor.allclose(before[name], rtol: 0, atol: 1e-15), $"{name} was re-initialised");
    }

    [TestMethod]
    public void Train_FromOfficialCheckpoint_FirstEpochLossAndWeightsComeFromTheCheckpoint()
    {
        var official = TimeSformerOptions.FromOfficialJson(File.ReadAllText(ReferenceFiles.Path("reference", "tiny_divided_space_time.json")));
        var target = official with { NumClasses = 2, DropPathRate = 0, HeadDropRate = 0, DropRate = 0, AttentionDropRate = 0 };
        manual_seed(5);
        using var model = FineTuning.FromCheckpoint(ReferenceFiles.Path("reference", "tiny_divided_space_time.pyth"), target, official);
        using var checkpoint = CheckpointLoader.LoadTimeSformer(ReferenceFiles.Path("reference", "tiny_divided_space_time.pyth"), official);
        var data = MotionClips.Source(4);
        double expectedLoss = ClipEvaluator.Evaluate(model, data).Loss;

        var frozen = Quick with
        {
            Epochs = 1, BatchSize = 8, LearningRate = 1e-20, WarmupEpochs = 0, Schedule = LearningRateSchedule.Constant,
            WeightDecay = 0, LabelSmoothing = 0,
            // The training clips must be the evaluation clips for the losses to match: no shift or zoom.
            AugmentationShift = 0, AugmentationZoom = 0,
        };
        var result = new Trainer(frozen).Train(model, MotionClips.Metadata(), data, null, output);

        Assert.AreEqual(expectedLoss, result.History[0].TrainLoss, 1e-5, "the one step trained the checkpoint's weights");
        var source = checkpoint.state_dict();
        foreach (var (name, tensor) in model.state_dict().Where(p => !p.Key.StartsWith("head.", StringComparison.Ordinal)))
            Assert.IsTrue(tensor.allclose(source[name], rtol: 0, atol: 1e-12), $"{name} is not the checkpoint's");
        Assert.IsGreaterThan(1e-3f, source["time_embed"].abs().max().item<float>(), "the fixture's time_embed is not zero, so keeping it means something");
    }

    [TestMethod]
    public void Train_SinusoidalTimeEmbedding_SetsCodes()
    {
        using var model = TinyModel();
        var frozen = Quick with { Epochs = 1, LearningRate = 1e-20, WarmupEpochs = 0, Schedule = LearningRateSchedule.Constant, TimeEmbeddingInit = TimeEmbeddingInit.Sinusoidal, TimeEmbeddingScale = 0.5 };
        new Trainer(frozen).Train(model, MotionClips.Metadata(), MotionClips.Source(2), null, output);

        var time = model.state_dict()["time_embed"]; // [1, 4, 32]
        Assert.AreEqual(0.5 * Math.Sin(1), time[0, 1, 0].item<float>(), 1e-6);
        Assert.AreEqual(0.5 * Math.Cos(2), time[0, 2, 1].item<float>(), 1e-6);
        Assert.AreEqual(0.5, time[0, 0, 31].item<float>(), 1e-6);
    }

    [TestMethod]
    public void Train_SameSeed_SameWeights()
    {
        var data = MotionClips.Source(4);
        using var a = TinyModel();
        using var b = TinyModel();
        new Trainer(Quick with { Epochs = 2 }).Train(a, MotionClips.Metadata(), data, null, Path.Combine(output, "a"));
        new Trainer(Quick with { Epochs = 2 }).Train(b, MotionClips.Metadata(), data, null, Path.Combine(output, "b"));

        var expected = a.state_dict();
        foreach (var (name, actual) in b.state_dict())
            Assert.IsTrue(actual.allclose(expected[name], rtol: 0, atol: 0), $"{name} differs");
    }

    [TestMethod]
    public void Train_SeveralEpochs_LeavesNoLiveTensors()
    {
        using var model = TinyModel();
        var data = MotionClips.Source(4);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        new Trainer(Quick with { Epochs = 1 }).Train(model, MotionClips.Metadata(), data, MotionClips.Source(2, seed: 4), output);
        long afterOne = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        new Trainer(Quick with { Epochs = 3 }).Train(model, MotionClips.Metadata(), data, MotionClips.Source(2, seed: 4), output);
        long afterThree = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Assert.AreEqual(afterOne - before, afterThree - afterOne, $"live tensors: {before}, {afterOne}, {afterThree}");
    }

    [TestMethod]
    public void Train_LabelsDifferFromMetadata_ThrowsNamingBoth()
    {
        using var model = TinyModel();
        var metadata = MotionClips.Metadata() with { Labels = ["a", "b"] };
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Trainer(Quick).Train(model, metadata, MotionClips.Source(2), null, output));
        StringAssert.Contains(e.Message, "left, right");
    }

    [TestMethod]
    public void Evaluate_PerfectModel_ReportsConfusionAndMacroAccuracy()
    {
        using var model = new OracleModel();
        var data = MotionClips.Source(3);

        var result = ClipEvaluator.Evaluate(model, data, batchSize: 4);

        Assert.AreEqual(1.0, result.Accuracy, 1e-12);
        Assert.AreEqual(1.0, result.MacroAccuracy, 1e-12);
        Assert.AreEqual(3, result.ConfusionMatrix[0][0]);
        Assert.AreEqual(0, result.ConfusionMatrix[0][1]);
        CollectionAssert.AreEqual(new[] { 0, 1, 0, 1, 0, 1 }, result.Predictions.ToArray());
    }

    /// <summary>Reads the direction from where the square's brightest column is in the first and last frame.</summary>
    private sealed class OracleModel() : nn.Module<Tensor, Tensor>("oracle")
    {
        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var column = x.mean([2, 3]).argmax(-1).to(float32); // [B, T]
            var right = (column[.., -1] > column[.., 0]).to(float32);
            return stack([1 - right, right], 1).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Synchronous progress (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
