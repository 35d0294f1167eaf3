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
    internal sealed record Prediction(string Video, string Label, float Probability, IReadOnlyList<ClassProbability> TopK, string? Warning);

    /// <summary>A class and its probability.</summary>
    internal sealed record ClassProbability(string Label, float Probability);

    public static Command Create()
    {
        var videos = new Argument<string[]>("videos")
        {
            Description = "Video files to classify; 'video.mp4#t=12,20' classifies seconds 12 to 20 only.",
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
        var scoring = new ScoringArguments();
        var command = new Command("predict", "Classify videos with an ONNX model through the ML.NET pipeline; videos that cannot be decoded are reported and make the exit code 1.")
        { videos, model, json, topK };
        scoring.AddTo(command);
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)?.FullName ?? ShippedModel.Locate();
            ModelInfo.Read(modelPath);
            // Every video is tried: one that cannot be read is an error line of its own, and the others are still scored.
            string[] locations = [.. parse.GetValue(videos)!.Select(Path.GetFullPath)];
            var (predictions, errors) = Score(modelPath, locations, parse.GetValue(topK), scoring.Read(parse));
            if (parse.GetValue(json))
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
        });
        return command;
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
            var top = buffer.DenseValues().Select((p, i) => new ClassProbability(labels[i], p))
                .OrderByDescending(c => c.Probability).Take(Math.Min(topK, labels.Count)).ToList();
            predictions.Add(new Prediction(paths[row], top[0].Label, top[0].Probability, top, caution.IsEmpty ? null : caution.ToString()));
        }
        return (predictions, errors);
    }
}
