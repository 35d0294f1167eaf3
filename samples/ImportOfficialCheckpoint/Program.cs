// Imports an official TimeSformer checkpoint (facebookresearch/TimeSformer .pyth, with its configuration in the
// official names), exports it to ONNX with class labels, and scores a video with it in ML.NET.
// The defaults use the repository's test fixture: a tiny official model with random weights (32 px, 4 frames,
// 5 classes), so the classes it picks mean nothing; an official Kinetics checkpoint works the same way.
// Run from the repository root:
//   dotnet run --project samples/ImportOfficialCheckpoint [-- <checkpoint.pyth> <config.json> <video> <labels.txt> <model.onnx>]
using Microsoft.ML;
using TimeSformer.Contract;
using TimeSformer.MLNet;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;

string checkpointPath = args.ElementAtOrDefault(0) ?? "tests/fixtures/reference/tiny_divided_space_time.pyth";
string configPath = args.ElementAtOrDefault(1) ?? "tests/fixtures/reference/tiny_divided_space_time.json";
string videoPath = args.ElementAtOrDefault(2) ?? "data/samples/move_left.avi";
string labelsPath = args.ElementAtOrDefault(3) ?? "samples/ImportOfficialCheckpoint/labels.txt";
string onnxPath = args.ElementAtOrDefault(4) ?? "runs/samples/imported.onnx";

// img_size, patch_size, num_frames, num_classes, embed_dim, depth, num_heads, attention_type, ...
var config = TimeSformerOptions.FromOfficialJson(File.ReadAllText(configPath));
// Official parameter names load as they are; a shape that does not fit the configuration fails with its name.
using var model = CheckpointLoader.LoadTimeSformer(checkpointPath, config);
Console.WriteLine($"Parameters: {model.parameters().Sum(p => p.numel())}");

// The ONNX file carries the clip the model expects (official sampling and normalisation) and one label per output.
string[] labels = File.ReadAllLines(labelsPath).Where(line => line.Length > 0).ToArray();
var metadata = new VideoModelMetadata { Clip = config.ToClipSpec(), Labels = labels };
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(onnxPath))!);
var written = OnnxExporter.Export(model, metadata, onnxPath);
Console.WriteLine($"ONNX: {onnxPath} ({written.Clip.Frames} frames of {written.Clip.Size} px, {written.Labels.Count} classes)");

// Score in ML.NET: the pipeline reads the clip spec and labels from the exported model.
var ml = new MLContext(seed: 0);
var videos = ml.Data.LoadFromEnumerable(new[] { new VideoInput { VideoPath = videoPath } });
using var engine = ml.Model.CreatePredictionEngine<VideoInput, VideoPrediction>(ml.Transforms.ScoreVideos(onnxPath).Fit(videos));
var prediction = engine.Predict(new VideoInput { VideoPath = videoPath });
Console.WriteLine($"Predicted: {videoPath} -> {prediction.PredictedClass}");
foreach (var (label, probability) in prediction.TopK(written.Labels, 3))
    Console.WriteLine($"  {label} {probability:F4}");
