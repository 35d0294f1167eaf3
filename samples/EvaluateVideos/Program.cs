// Evaluates a model on labelled videos through ML.NET and writes the report that `timesformer evaluate` writes.
// Run from the repository root:
//   dotnet run --project samples/EvaluateVideos [-- <model.onnx> <manifest.csv> <output folder>]
using Microsoft.ML;
using TimeSformer.MLNet;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.Video.Datasets;

string modelPath = args.ElementAtOrDefault(0) ?? "onnx/timesformer-synthetic.onnx";
string manifestPath = args.ElementAtOrDefault(1) ?? "data/samples/manifest.csv";
string outputFolder = args.ElementAtOrDefault(2) ?? "runs/samples/evaluation";

// Tuned ONNX Runtime sessions: no spinning thread pool competing with video decoding for the cores.
var ml = new MLContext(seed: 0).UseTunedOnnxSessions();
var videos = VideoDataset.FromCsv(manifestPath).Samples.Select(s => (s.Location, s.Label));
var options = new VideoEvaluationOptions
{
    TopK = 3,
    // Leave undecodable videos out of the metrics (they are listed in the result and the report) instead of throwing.
    Scoring = new VideoScoringOptions { BadVideos = BadVideoHandling.Skip },
};
var result = VideoEvaluator.Evaluate(ml, modelPath, videos, options);

var metrics = result.Metrics;   // ML.NET's MulticlassClassificationMetrics
Console.WriteLine($"Videos: {result.Videos.Count} ({result.BadVideos.Count} could not be decoded)");
Console.WriteLine($"Micro-accuracy: {metrics.MicroAccuracy:F4}");
Console.WriteLine($"Macro-accuracy: {metrics.MacroAccuracy:F4}");
Console.WriteLine($"Top-{result.TopK} accuracy: {metrics.TopKAccuracy:F4}");
Console.WriteLine($"Log-loss: {metrics.LogLoss:F4}");
foreach (var bad in result.BadVideos)
    Console.WriteLine($"Bad video: {bad.Path}: {bad.Error}");

// report.md (with its PNG charts), a self-contained report.html and predictions.csv.
var report = EvaluationReportWriter.Write(result, outputFolder);
foreach (string file in new[] { report.MarkdownPath, report.HtmlPath, report.PredictionsCsvPath }.Concat(report.ImagePaths))
    Console.WriteLine($"Wrote: {file}");
