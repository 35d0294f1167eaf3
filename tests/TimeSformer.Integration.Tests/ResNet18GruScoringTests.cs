using Microsoft.ML;
using TimeSformer.Contract;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Evaluation;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video.Synthetic;
using static TorchSharp.torch;

namespace TimeSformer.Integration.Tests;

/// <summary>The models on the pretrained ResNet18 end to end: trained by the <see cref="Trainer"/> on synthetic videos,
/// the best checkpoint exported as one ONNX graph (frozen ResNet18 and the GRU, or the truncated ResNet18 and the
/// TimeSformer on its maps) and scored through ML.NET like any other model.</summary>
[TestClass]
public sealed class ResNet18GruScoringTests
{
    [TestMethod]
    public void Evaluate_ExportedResNet18Gru_SamePredictionsAndProbabilitiesAsTorchSharp() =>
        AssertScoresLikeTorchSharp(ModelArchitecture.ResNet18Gru, classes =>
            ResNet18OnnxImport.CreateModel(new ResNet18GruOptions { ImageSize = 32, Frames = 4, NumClasses = classes, BackboneSize = 32, HiddenSize = 16 }));

    [TestMethod]
    public void Evaluate_ExportedResNet18TimeSformer_SamePredictionsAndProbabilitiesAsTorchSharp() =>
        AssertScoresLikeTorchSharp(ModelArchitecture.ResNet18TimeSformer, classes => ResNet18OnnxImport.CreateModel(new ResNet18TimeSformerOptions
        {
            ImageSize = 32, Frames = 4, NumClasses = classes, BackboneSize = 32, Stage = 3, PixelPatches = true, EmbedDim = 16, Depth = 1, NumHeads = 2,
        }));

    private static void AssertScoresLikeTorchSharp(string architecture, Func<int, nn.Module<Tensor, Tensor>> create)
    {
        string root = Directory.CreateTempSubdirectory("resnet18gru-scoring-").FullName;
        try
        {
            var spec = new ClipSpec { Frames = 4, Size = 32, ShortSide = 32 };
            var dataset = SyntheticMotionDataset.Generate(Path.Combine(root, "videos"), new SyntheticMotionOptions
            {
                Classes = [MotionClass.MoveLeft, MotionClass.MoveRight, MotionClass.Grow],
                ClipsPerClass = 6, Groups = 3, TestFraction = 1.0 / 3, Width = 40, Height = 32, MinFrames = 10, MaxFrames = 12, Seed = 5,
            }).ToVideoDataset();
            var metadata = new VideoModelMetadata { Clip = spec, Labels = dataset.Labels };
            var trainSource = new VideoClipSource(dataset.Train, spec, cacheClips: true);
            var testSource = new VideoClipSource(dataset.Test, spec);
            manual_seed(3);
            TrainingResult result;
            using (var model = create(dataset.Labels.Count))
                result = new Trainer(new TrainingOptions { Epochs = 2, BatchSize = 4, Seed = 11, Threads = 1, AugmentationVariants = 1 })
                    .Train(model, metadata, trainSource, null, Path.Combine(root, "run"));
            string onnx = Path.Combine(root, "model.onnx");

            var written = OnnxExporter.ExportCheckpoint(result.BestCheckpointPath, onnx);
            var header = OnnxModelHeader.Read(onnx);
            var evaluation = VideoEvaluator.Evaluate(new MLContext(seed: 1), onnx, dataset.Test.Samples.Select(s => (s.Path, s.Label)));

            Assert.AreEqual(architecture, written.Architecture);
            Assert.AreEqual(architecture, header.MetadataProps[VideoModelMetadata.ArchitectureKey]);
            using var trained = CheckpointLoader.Load(result.BestCheckpointPath);
            var torch = ClipEvaluator.Evaluate(trained.Model, testSource);
            Assert.HasCount(dataset.Test.Samples.Count, evaluation.Videos);
            for (int i = 0; i < dataset.Test.Samples.Count; i++)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var probabilities = nn.functional.softmax(trained.Model.call(tensor(testSource.Load(i, null), [1, 4, 3, 32, 32])), 1).data<float>().ToArray();
                Assert.AreEqual(dataset.Labels[torch.Predictions[i]], evaluation.Videos[i].PredictedClass, $"video {i}");
                for (int k = 0; k < probabilities.Length; k++)
                    Assert.AreEqual(probabilities[k], evaluation.Videos[i].Probabilities[k], 1e-4f, $"video {i}, class {k}");
            }
            Assert.AreEqual(torch.Accuracy, evaluation.Metrics.MicroAccuracy, 1e-9);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
