using System.Text.Json;
using Microsoft.ML.Data;
using TimeSformer.Cli.Hosting;
using TimeSformer.MLNet;

namespace TimeSformer.Cli.Jobs;

/// <summary>Scores videos one by one and prints their top classes. Used by <c>predict</c> and <c>merge</c>.</summary>
internal static class PredictionJob
{
    /// <summary>One video's prediction (printed as JSON with <c>--json</c>); <paramref name="Warning"/> says what made it
    /// unreliable (cut short, corrupt mid-stream, too few or tiny frames), or is null.</summary>
    public sealed record Prediction(string Video, string Label, float Probability, IReadOnlyList<ClassProbability> TopK, string? Warning)
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
    public sealed record ClassProbability(string Label, float Probability);

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

    /// <summary>Scores each video through <c>ScoreVideos</c>: its prediction, or an error line for a video that
    /// could not be decoded.</summary>
    public static (List<Prediction> Predictions, List<string> Errors) Score(string modelPath, string[] paths, int topK, VideoScoringOptions scoring)
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
