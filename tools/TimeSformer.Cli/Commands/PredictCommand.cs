using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using TimeSformer.Cli.Hosting;
using TimeSformer.MLNet;
using TimeSformer.Video;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer predict &lt;video&gt;... [--model &lt;onnx&gt;] [--json] [--top-k N]</c>: the label and the
/// top-k classes of each video.</summary>
internal static class PredictCommand
{
    /// <summary>One video's prediction (printed as JSON with <c>--json</c>); <paramref name="Warning"/> says what made it
    /// unreliable (cut short, corrupt mid-stream, too few or tiny frames), or is null.</summary>
    internal sealed record Prediction(string Video, string Label, float Probability, IReadOnlyList<ClassProbability> TopK, string? Warning)
    {
        /// <summary>The most probable classes of one video, most probable first.</summary>
        public static Prediction From(string video, IReadOnlyList<string> labels, IEnumerable<float> probabilities, int topK, string? warning = null)
        {
            var top = probabilities.Select((p, i) => new ClassProbability(labels[i], p))
                .OrderByDescending(c => c.Probability).Take(Math.Min(topK, labels.Count)).ToList();
            return new Prediction(video, top[0].Label, top[0].Probability, top, warning);
        }
    }

    /// <summary>A class and its probability.</summary>
    internal sealed record ClassProbability(string Label, float Probability);

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
            var (predictions, errors) = Score(modelPath, [.. list.Select(v => v.Path)], parse.GetValue(topK), scoring.Read(parse));
            return Print(predictions, errors, parse.GetValue(json));
        });
        return command;
    }

    /// <summary>Prints predictions as <c>predict</c> does (also for merged shards) and returns the exit code: 1 when
    /// a video could not be scored.</summary>
    public static int Print(IReadOnlyList<Prediction> predictions, IReadOnlyList<string> errors, bool asJson)
    {
        if (asJson)
            Console.WriteLine(JsonSerializer.Serialize(predictions, JsonOptions.Indented));
        else
            foreach (var p in predictions)
            {
                Console.WriteLine($"{p.Video}: {p.Label} ({p.Probability:0.0%})");
                if (p.TopK.Count > 1)
                    Console.WriteLine("    " + string.Join(", ", p.TopK.Select(c => $"{c.Label} {c.Probability:0.0%}")));
            }
        foreach (var p in predictions.Where(p => p.Warning is not null))
            Console.Error.WriteLine($"warning: '{p.Video}': {p.Warning}");
        foreach (var error in errors)
            Console.Error.WriteLine($"error: {error}");
        return errors.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static (List<Prediction> Predictions, List<string> Errors) Score(string modelPath, string[] paths, int topK, VideoScoringOptions scoring)
    {
        var options = scoring with { BadVideos = BadVideoHandling.Skip };
        var mlContext = ScoringContext.Create(options);
        var estimator = mlContext.Transforms.ScoreVideos(modelPath, options: options);
        var labels = estimator.Metadata.Labels;
        var input = mlContext.Data.LoadFromEnumerable(paths.Select(p => new VideoInput { VideoPath = p }));
        var scored = estimator.Fit(input).Transform(input);
        var score = scored.Schema[VideoScoringEstimator.ScoreColumnName];
        var error = scored.Schema[options.ErrorColumnName];
        var warning = scored.Schema[options.WarningColumnName];
        using var cursor = scored.GetRowCursor([score, error, warning]);
        var getScore = cursor.GetGetter<VBuffer<float>>(score);
        var getError = cursor.GetGetter<ReadOnlyMemory<char>>(error);
        var getWarning = cursor.GetGetter<ReadOnlyMemory<char>>(warning);
        var predictions = new List<Prediction>();
        var errors = new List<string>();
        VBuffer<float> buffer = default;
        ReadOnlyMemory<char> message = default, caution = default;
        for (int row = 0; cursor.MoveNext(); row++)
        {
            getError(ref message);
            getWarning(ref caution);
            if (!message.IsEmpty)
            {
                errors.Add(message.ToString());
                continue;
            }
            getScore(ref buffer);
            predictions.Add(Prediction.From(paths[row], labels, buffer.DenseValues(), topK, caution.IsEmpty ? null : caution.ToString()));
        }
        return (predictions, errors);
    }
}
