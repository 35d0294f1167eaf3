// Scores videos in an ML.NET pipeline: fit, evaluate, save the model .zip, load it elsewhere and predict one video.
// Run from the repository root:
//   dotnet run --project samples/ScoreVideos [-- <model.onnx> <manifest.csv> <video> <model.zip>]
using Microsoft.ML;
using TimeSformer.MLNet;
using TimeSformer.Video.Datasets;

string modelPath = args.ElementAtOrDefault(0) ?? "onnx/timesformer-synthetic.onnx";
string manifestPath = args.ElementAtOrDefault(1) ?? "data/samples/manifest.csv";
string videoPath = args.ElementAtOrDefault(2) ?? "data/samples/shrink.avi";
string zipPath = args.ElementAtOrDefault(3) ?? "runs/samples/video-model.zip";

var ml = new MLContext(seed: 0);
// The manifest's paths are relative to the manifest; VideoDataset resolves them.
var labelled = ml.Data.LoadFromEnumerable(VideoDataset.FromCsv(manifestPath).Samples
    .Select(s => new LabelledVideo { VideoPath = s.Location, Label = s.Label }));

// The model's metadata holds its clip spec and labels: naming the model is enough.
var model = ml.Transforms.ScoreVideos(modelPath).Fit(labelled);
// Adds Score, PredictedLabel (a key) and PredictedClass (the name), and maps the text Label to the model's keys.
var scored = model.Transform(labelled);
var metrics = ml.MulticlassClassification.Evaluate(scored);
Console.WriteLine($"Fitted model: accuracy {metrics.MicroAccuracy:F4}, log-loss {metrics.LogLoss:F4}");

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
ml.Model.Save(model, labelled.Schema, zipPath);   // a normal ML.NET model .zip
Console.WriteLine($"Saved: {zipPath}");

// A fresh context, as in another process: the .zip is all it needs (the ONNX model is inside).
var fresh = new MLContext(seed: 0);
var loaded = fresh.Model.Load(zipPath, out var schema);
// A loaded model leaves the text label as it is; EvaluateVideos maps it to the model's keys first.
var reloaded = fresh.MulticlassClassification.EvaluateVideos(loaded.Transform(labelled));
Console.WriteLine($"Loaded model: accuracy {reloaded.MicroAccuracy:F4}, log-loss {reloaded.LogLoss:F4}");

// Prediction needs only a path.
using var engine = fresh.Model.CreatePredictionEngine<VideoInput, VideoPrediction>(loaded);
var prediction = engine.Predict(new VideoInput { VideoPath = videoPath });
Console.WriteLine($"Predicted: {videoPath} -> {prediction.PredictedClass}");
foreach (var (label, probability) in prediction.TopK(VideoModelReader.ReadLabels(loaded, schema), 3))
    Console.WriteLine($"  {label} {probability:F4}");

/// <summary>A row of the labelled set: a video path and its true class name.</summary>
internal sealed class LabelledVideo
{
    public string VideoPath { get; set; } = "";

    public string Label { get; set; } = "";
}
