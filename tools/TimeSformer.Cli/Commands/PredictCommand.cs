using System.CommandLine;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Cli.Jobs;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer predict &lt;video&gt;... [--model &lt;onnx&gt;] [--json] [--top-k N]</c>: the label and the
/// top-k classes of each video.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var videos = new Argument<string[]>("videos")
        {
            Description = "Video files to classify ('video.mp4#t=12,20' classifies seconds 12 to 20 only), or folders: every video below them.",
            Arity = ArgumentArity.OneOrMore,
        };
        videos.Validators.Add(result =>
        {
            // An option the parser does not know lands here as a "video": say it is an unknown option instead.
            foreach (var token in result.Tokens.Select(t => t.Value))
                if (token.Length == 0)
                    result.AddError("A video path is empty.");
                else if (token.StartsWith('-') && !File.Exists(token))
                    result.AddError($"Unknown option '{token}' (a video named so needs a folder prefix: ./{token}).");
        });
        var model = new Option<FileInfo?>("--model") { Description = $"An ONNX model exported by TimeSformer.MLNet (default: the shipped model, onnx/{ShippedModel.PreferredFileName})." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array: video, label, probability and top_k per video." };
        var topK = new Option<int>("--top-k") { Description = "Classes listed per video, most probable first.", DefaultValueFactory = _ => 3 }.AtLeast(1);
        var output = new Option<DirectoryInfo?>("--output") { Description = "With --shard: the folder whose parts/ receives this shard's part file (required with --shard)." };
        var scoring = new ScoringArguments();
        var sharding = new ShardArguments();
        var command = new Command("predict", "Classify videos with an ONNX model through the ML.NET pipeline; videos that cannot be decoded are reported and make the exit code 1. "
            + "With --shard, score one shard of an array job into a part file (merge them with 'timesformer merge').")
        { videos, model, json, topK, output };
        scoring.AddTo(command);
        sharding.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(sharding.Shard) is not null && result.GetValue(output) is null)
                result.AddError("predict --shard needs --output <folder> for its part file.");
        });
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)?.FullName ?? ShippedModel.Locate();
            InputFile.RequireModel(modelPath);
            // Every video is tried: one that cannot be read is an error line of its own, and the others are still scored.
            var list = PredictionInput.Expand(parse.GetValue(videos)!);
            if (sharding.Read(parse) is { } shard)
            {
                return ShardJob.Run(modelPath, list, shard, parse.GetValue(output)!.FullName, Terminal.For(parse.GetValue(json)), scoring.Read(parse), parse.GetValue(json));
            }
            var (predictions, errors) = PredictionJob.Score(modelPath, [.. list.Select(v => v.Path)], parse.GetValue(topK), scoring.Read(parse));
            return PredictionJob.Print(predictions, errors, parse.GetValue(json));
        });
        return command;
    }
}
