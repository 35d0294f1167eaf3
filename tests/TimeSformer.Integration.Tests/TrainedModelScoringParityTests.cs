using Microsoft.ML;
using Microsoft.ML.Data;
using TimeSformer.Contract;
using TimeSformer.MLNet;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Evaluation;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video;
using TimeSformer.Video.Datasets;
using TimeSformer.Video.Synthetic;
using static TorchSharp.torch;

namespace TimeSformer.Integration.Tests;

/// <summary>
/// End to end on the synthetic motion set: a tiny TimeSformer trained by the <see cref="Trainer"/>, exported by the
/// <see cref="OnnxExporter"/> and scored through ML.NET must make exactly the TorchSharp evaluation's predictions on
/// the held-out groups. Everything is built once for the class (about 5 s on 2 cores).
/// </summary>
[TestClass]
public sealed class TrainedModelScoringParityTests
{
    private const float ProbabilityTolerance = 1e-4f;

    private static readonly ClipSpec Spec = new() { Frames = 4, Size = 32, ShortSide = 32 };

    private static string root = "";
    private static string checkpoint = "";
    private static VideoDataset test = null!;
    private static string onnxPath = "";
    private static double trainerTestAccuracy;
    private static IReadOnlyList<int> trainerPredictions = [];
    private static float[][] torchProbabilities = [];

    [ClassInitialize]
    public static void TrainAndExport(TestContext context)
    {
        root = Directory.CreateTempSubdirectory("scoring-parity-").FullName;
        var synthetic = SyntheticMotionDataset.Generate(Path.Combine(root, "videos"), new SyntheticMotionOptions
        {
            Classes = [MotionClass.MoveLeft, MotionClass.MoveRight, MotionClass.Grow, MotionClass.Shrink],
            ClipsPerClass = 12, Groups = 6, TestFraction = 1.0 / 3, Width = 40, Height = 32,
            MinFrames = 10, MaxFrames = 14, Seed = 5,
        });
        var dataset = synthetic.ToVideoDataset();
        test = dataset.Test;
        var architecture = TimeSformerOptions.Tiny(dataset.Labels.Count);
        // The checkpoint's configuration is what the exporter and TrainedModel rebuild the model from.
        var metadata = new VideoModelMetadata { Clip = Spec, Labels = dataset.Labels, ConfigJson = architecture.ToOfficialJson() };
        var trainSource = new VideoClipSource(dataset.Train, Spec, cacheClips: true);
        var testSource = new VideoClipSource(test, Spec);

        manual_seed(3);
        using (var model = new TimeSformerModel(architecture))
        {
            var options = new TrainingOptions
            {
                Epochs = 2, BatchSize = 4, WarmupEpochs = 0.5, Seed = 11, Threads = 1, AugmentationVariants = 1,
            };
            var result = new Trainer(options).Train(model, metadata, trainSource, testSource, Path.Combine(root, "run"));
            trainerTestAccuracy = result.History[^1].ValidationAccuracy!.Value;
            checkpoint = result.LastCheckpointPath;
            onnxPath = Path.Combine(root, "trained.onnx");
            OnnxExporter.ExportCheckpoint(checkpoint, onnxPath);
        }

        // The TorchSharp side evaluates the exported checkpoint itself, rebuilt from the file.
        using var trained = CheckpointLoader.Load(checkpoint);
        trainerPredictions = ClipEvaluator.Evaluate(trained.Model, testSource).Predictions;
        torchProbabilities = [.. Enumerable.Range(0, testSource.Count).Select(i => TorchProbabilities(trained.Model, testSource.Load(i, null)))];
    }

    [ClassCleanup]
    public static void DeleteFiles()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private static float[] TorchProbabilities(nn.Module<Tensor, Tensor> model, float[] clip)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(clip, [1, Spec.Frames, 3, Spec.Size, Spec.Size]);
        return nn.functional.softmax(model.call(x), 1).data<float>().ToArray();
    }

    private static IEnumerable<(string Path, string Label)> TestVideos() => test.Samples.Select(s => (s.Path, s.Label));

    private static IDataView TestRows(MLContext ml) =>
        ml.Data.LoadFromEnumerable(test.Samples.Select(s => new VideoInput { VideoPath = s.Path }));

    [TestMethod]
    public void Evaluate_HeldOutGroups_SamePredictionsAndProbabilitiesAsTorchSharp()
    {
        Assert.HasCount(16, test.Samples, "4 classes x 2 test groups x 2 clips");
        // How well two epochs train is not the point, but a model whose output ignored its input would make parity vacuous.
        double spread = torchProbabilities.Max(p => p.Zip(torchProbabilities[0], (a, b) => Math.Abs(a - b)).Max());
        Assert.IsGreaterThan(100 * ProbabilityTolerance, spread, "probabilities should differ between videos");
        var evaluation = VideoEvaluator.Evaluate(new MLContext(seed: 1), onnxPath, TestVideos());

        Assert.HasCount(test.Samples.Count, evaluation.Videos);
        for (int i = 0; i < test.Samples.Count; i++)
        {
            var video = evaluation.Videos[i];
            Assert.AreEqual(test.Samples[i].Path, video.Path);
            Assert.AreEqual(test.Labels[trainerPredictions[i]], video.PredictedClass, $"video {i}: {video.Path}");
            Assert.HasCount(test.Labels.Count, video.Probabilities);
            for (int k = 0; k < test.Labels.Count; k++)
                Assert.AreEqual(torchProbabilities[i][k], video.Probabilities[k], ProbabilityTolerance, $"video {i}, class {k}");
        }
    }

    [TestMethod]
    public void Evaluate_HeldOutGroups_MicroAccuracyEqualsTrainerTestAccuracy()
    {
        var evaluation = VideoEvaluator.Evaluate(new MLContext(seed: 1), onnxPath, TestVideos());
        int correct = Enumerable.Range(0, test.Samples.Count).Count(i => trainerPredictions[i] == test.LabelIndex(test.Samples[i].Label));
        Assert.AreEqual((double)correct / test.Samples.Count, trainerTestAccuracy, "the trainer's reported accuracy is its predictions'");
        Assert.AreEqual(trainerTestAccuracy, evaluation.Metrics.MicroAccuracy);
    }

    [TestMethod]
    public void ScoreVideos_TrainedModelSavedAndLoaded_IdenticalScoresAndEngineLabels()
    {
        var ml = new MLContext(seed: 1);
        var data = TestRows(ml);
        var model = ml.Transforms.ScoreVideos(onnxPath).Fit(data);
        string zip = Path.Combine(root, "scoring.zip");
        ml.Model.Save(model, data.Schema, zip);
        var loaded = new MLContext(seed: 2).Model.Load(zip, out _);

        var before = model.Transform(data);
        float[][] scores = [.. before.GetColumn<float[]>(VideoScoringEstimator.ScoreColumnName)];
        float[][] reloaded = [.. loaded.Transform(data).GetColumn<float[]>(VideoScoringEstimator.ScoreColumnName)];
        string[] labels = [.. before.GetColumn<string>(VideoScoringEstimator.PredictedClassColumnName)];
        using var engine = ml.Model.CreatePredictionEngine<VideoInput, VideoPrediction>(loaded);
        for (int i = 0; i < test.Samples.Count; i++)
        {
            CollectionAssert.AreEqual(scores[i], reloaded[i], $"video {i}");
            Assert.AreEqual(test.Labels[trainerPredictions[i]], labels[i], $"video {i}");
            Assert.AreEqual(labels[i], engine.Predict(new VideoInput { VideoPath = test.Samples[i].Path }).PredictedClass, $"video {i}");
        }
    }

    [TestMethod]
    public void ScoreVideos_TwoTemporalClipsThreeCrops_AverageOfTorchSharpViewProbabilities()
    {
        var views = ClipView.Grid(2, 3);
        var ml = new MLContext(seed: 1);
        var data = TestRows(ml);
        var options = new VideoScoringOptions { TemporalClips = 2, SpatialCrops = 3 };
        float[][] scores = [.. ml.Transforms.ScoreVideos(onnxPath, options: options).Fit(data).Transform(data)
            .GetColumn<float[]>(VideoScoringEstimator.ScoreColumnName)];

        var loader = new ClipLoader(Spec);
        using var trained = CheckpointLoader.Load(checkpoint);
        foreach (int i in new[] { 0, test.Samples.Count - 1 })
        {
            var perView = views.Select(v => TorchProbabilities(trained.Model, loader.Load(test.Samples[i].Path, v))).ToList();
            Assert.IsGreaterThan(1e-3f, perView.Max(p => Math.Abs(p[0] - perView[0][0])), "the views should differ");
            for (int k = 0; k < test.Labels.Count; k++)
                Assert.AreEqual(perView.Average(p => p[k]), scores[i][k], ProbabilityTolerance, $"video {i}, class {k}");
        }
    }
}
