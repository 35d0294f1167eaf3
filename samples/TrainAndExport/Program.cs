// Trains a tiny TimeSformer from C# on a generated motion set, exports it to ONNX and scores the held-out clips in
// ML.NET. Seconds on two cores: the set and the model are tiny, so expect accuracy well short of the demo's.
// Run from the repository root:
//   dotnet run --project samples/TrainAndExport [-- <output folder> <epochs>]
using Microsoft.ML;
using TimeSformer.Contract;
using TimeSformer.MLNet;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video.Synthetic;

string output = args.ElementAtOrDefault(0) ?? "runs/samples/train-and-export";
int epochs = args.Length > 1 ? int.Parse(args[1]) : 10;

// Real encoded videos whose classes differ only in motion; whole groups (visual styles) are held out for testing.
var synthetic = SyntheticMotionDataset.Generate(Path.Combine(output, "videos"), new SyntheticMotionOptions
{
    Classes = [MotionClass.MoveLeft, MotionClass.MoveUp, MotionClass.Grow, MotionClass.RotateClockwise],
    ClipsPerClass = 24, Groups = 8, Width = 32, Height = 32, MinFrames = 8, MaxFrames = 12,
});
var data = synthetic.ToVideoDataset();
Console.WriteLine($"Videos: {data.Train.Samples.Count} train, {data.Test.Samples.Count} test ({string.Join(", ", data.Labels)})");

var config = TimeSformerOptions.Tiny(data.Labels.Count);   // 4 frames of 32x32, patch 8, width 32, depth 2
var clip = config.ToClipSpec();
// The checkpoints carry the clip spec, labels and configuration; the exporter and ML.NET read them from there.
var metadata = new VideoModelMetadata { Clip = clip, Labels = data.Labels, ConfigJson = config.ToOfficialJson() };

TorchSharp.torch.manual_seed(0);
using var model = new TimeSformerModel(config);
Console.WriteLine($"Parameters: {model.parameters().Sum(p => p.numel())}");

var training = new TrainingOptions
{
    Epochs = epochs, BatchSize = 8, WarmupEpochs = 1,
    Threads = 1,                  // a model this small gains nothing from a second thread
    AugmentationVariants = 1,     // one random clip per video, so the cache below decodes each video once
};
var train = new VideoClipSource(data.Train, clip, cacheClips: true);
// No validation source: the last epoch is the model (ModelCheckpointPath), and the test split selects nothing.
var result = new Trainer(training).Train(model, metadata, train, validation: null, Path.Combine(output, "run"));
foreach (var epoch in result.History)
    Console.WriteLine($"Epoch {epoch.Epoch}: loss {epoch.TrainLoss:F4}, accuracy {epoch.TrainAccuracy:F4}");

string onnxPath = Path.Combine(output, "model.onnx");
OnnxExporter.ExportCheckpoint(result.ModelCheckpointPath, onnxPath);
Console.WriteLine($"ONNX: {onnxPath}");

// Score the held-out clips in ML.NET: the exported model configures the pipeline itself.
var ml = new MLContext(seed: 0);
var test = ml.Data.LoadFromEnumerable(data.Test.Samples.Select(s => new LabelledVideo { VideoPath = s.Location, Label = s.Label }));
var scored = ml.Transforms.ScoreVideos(onnxPath).Fit(test).Transform(test);
var metrics = ml.MulticlassClassification.Evaluate(scored);
Console.WriteLine($"ML.NET test accuracy: {metrics.MicroAccuracy:F4}");

/// <summary>A row of the test set: a video path and its true class name.</summary>
internal sealed class LabelledVideo
{
    public string VideoPath { get; set; } = "";

    public string Label { get; set; } = "";
}
