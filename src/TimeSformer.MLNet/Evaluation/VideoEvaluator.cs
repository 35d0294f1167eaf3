using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using TimeSformer.Contract;

namespace TimeSformer.MLNet.Evaluation;

/// <summary>Scores a labelled set of videos with an ONNX model through the ML.NET pipeline
/// (<see cref="VideoCatalog.ScoreVideos"/>) and computes ML.NET's multiclass metrics.</summary>
public static class VideoEvaluator
{
    /// <summary>Scores every video once and evaluates the ones that could be decoded.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="modelPath">A TimeSformer.MLNet ONNX model.</param>
    /// <param name="videos">Video paths with their true class names.</param>
    /// <param name="options">Scoring and report options.</param>
    /// <exception cref="ArgumentException">A label is not a class of the model (the message names it), or there are no videos.</exception>
    /// <exception cref="InvalidOperationException">No video could be decoded.</exception>
    public static VideoEvaluationResult Evaluate(MLContext mlContext, string modelPath,
        IEnumerable<(string Path, string Label)> videos, VideoEvaluationOptions? options = null)
    {
        options ??= new VideoEvaluationOptions();
        var list = videos.ToList();
        if (list.Count == 0) throw new ArgumentException("No videos to evaluate.", nameof(videos));
        var stopwatch = Stopwatch.StartNew();
        var scored = new List<ScoredVideo>(list.Count);
        var scoring = Score(mlContext, modelPath, list, options.Scoring, out var model);
        foreach (var video in scoring)
        {
            scored.Add(video);
            options.Progress?.Report(scored.Count);
        }
        stopwatch.Stop();
        return Summarize(mlContext, modelPath, model, scored, stopwatch.Elapsed, options);
    }

    /// <summary>Scores videos one by one through the ML.NET pipeline, lazily: each is decoded and scored when the
    /// enumeration reaches it, so a caller can record every result as it comes (a shard's part file does).</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="modelPath">A TimeSformer.MLNet ONNX model.</param>
    /// <param name="videos">Video paths with their true class names (checked against the model's classes now), or empty
    /// labels for videos to classify only.</param>
    /// <param name="scoring">How videos are scored (with <see cref="BadVideoHandling.Skip"/>, undecodable videos become bad rows).</param>
    /// <param name="model">The model's clip spec and labels.</param>
    /// <exception cref="ArgumentException">A label is not a class of the model; the message names it.</exception>
    public static IEnumerable<ScoredVideo> Score(MLContext mlContext, string modelPath,
        IReadOnlyList<(string Path, string Label)> videos, VideoScoringOptions scoring, out VideoModelMetadata model)
    {
        var estimator = mlContext.Transforms.ScoreVideos(modelPath, options: scoring);
        model = estimator.Metadata;
        var labels = model.Labels;
        var unknown = videos.Select(v => v.Label).Distinct().Where(l => l.Length > 0 && !labels.Contains(l)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"Labels not known to model '{modelPath}': {string.Join(", ", unknown.Select(l => $"'{l}'"))}; its classes are: {string.Join(", ", labels)}.",
                nameof(videos));
        var rows = videos.Select(v => new LabelledVideo { VideoPath = v.Path, Label = v.Label }).ToList();
        var input = mlContext.Data.LoadFromEnumerable(rows);
        return rows.Count == 0 ? [] : ScoreAll(estimator.Fit(input).Transform(input), rows, labels, scoring);
    }

    /// <summary>ML.NET's multiclass metrics and the worst videos of videos already scored: by <see cref="Evaluate(MLContext, string, IEnumerable{ValueTuple{string, string}}, VideoEvaluationOptions?)"/>
    /// in one process, or by the shards of an array job and merged. Both go through this method, so the same scores give
    /// the same metrics.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="modelPath">The ONNX model that scored them.</param>
    /// <param name="model">Its clip spec and labels.</param>
    /// <param name="videos">Every video in input order, scored and bad.</param>
    /// <param name="elapsed">The time scoring took.</param>
    /// <param name="options">Top-K and how many worst videos to keep (scoring options are not used).</param>
    /// <exception cref="InvalidOperationException">No video was scored.</exception>
    public static VideoEvaluationResult Summarize(MLContext mlContext, string modelPath, VideoModelMetadata model,
        IReadOnlyList<ScoredVideo> videos, TimeSpan elapsed, VideoEvaluationOptions? options = null)
    {
        options ??= new VideoEvaluationOptions();
        var labels = model.Labels;
        var good = videos.Where(v => v.IsScored && !(options.ExcludeWarnedVideos && v.IsWarned)).ToList();
        if (good.Count == 0)
            throw new InvalidOperationException(videos.Any(v => v.IsScored)
                ? $"All {videos.Count} videos were scored with a warning and are excluded; first warning: {videos.First(v => v.IsWarned).Warning}"
                : $"None of the {videos.Count} videos could be decoded; first error: {videos.FirstOrDefault()?.Error}");
        int topK = Math.Clamp(options.TopK, 1, labels.Count);
        var metrics = mlContext.MulticlassClassification.Evaluate(MetricsInput(mlContext, good, labels), topKPredictionCount: topK);
        return new VideoEvaluationResult
        {
            ModelPath = modelPath,
            Model = model,
            Metrics = metrics,
            TopK = topK,
            Videos = videos,
            Worst = [.. good.OrderBy(v => v.Probabilities[IndexOf(labels, v.Label)]).Take(options.WorstCount)],
            Elapsed = elapsed,
            ExcludedWarnedVideos = options.ExcludeWarnedVideos,
        };
    }

    /// <summary>One pass of one cursor over the scored view, so each video is decoded and scored once.</summary>
    private static IEnumerable<ScoredVideo> ScoreAll(IDataView scored, List<LabelledVideo> rows, IReadOnlyList<string> labels,
        VideoScoringOptions scoring)
    {
        var schema = scored.Schema;
        var errorColumn = schema.GetColumnOrNull(scoring.ErrorColumnName);
        var warningColumn = schema.GetColumnOrNull(scoring.WarningColumnName);
        var score = schema[VideoScoringEstimator.ScoreColumnName];
        using var cursor = scored.GetRowCursor(new[] { score, errorColumn, warningColumn }.OfType<DataViewSchema.Column>());
        var getScore = cursor.GetGetter<VBuffer<float>>(score);
        var getError = errorColumn is { } column ? cursor.GetGetter<ReadOnlyMemory<char>>(column) : null;
        var getWarning = warningColumn is { } w ? cursor.GetGetter<ReadOnlyMemory<char>>(w) : null;
        VBuffer<float> buffer = default;
        ReadOnlyMemory<char> error = default, warning = default;
        for (int i = 0; cursor.MoveNext(); i++)
        {
            var row = rows[i];
            getError?.Invoke(ref error);
            getWarning?.Invoke(ref warning);
            if (!error.IsEmpty)
            {
                yield return new ScoredVideo(row.VideoPath, row.Label, "", [], error.ToString());
            }
            else
            {
                getScore(ref buffer);
                float[] probabilities = buffer.DenseValues().ToArray();
                yield return new ScoredVideo(row.VideoPath, row.Label, labels[Mapping.ArgMaxMappingFactory.ArgMax(probabilities)], probabilities,
                    Warning: warning.ToString());
            }
        }
    }

    /// <summary>The scored videos as the columns <c>Evaluate</c> expects: labels as keys in the model's order and a
    /// known-size score vector.</summary>
    private static IDataView MetricsInput(MLContext mlContext, List<ScoredVideo> videos, IReadOnlyList<string> labels)
    {
        var definition = SchemaDefinition.Create(typeof(MetricsRow));
        definition[nameof(MetricsRow.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, labels.Count);
        var rows = mlContext.Data.LoadFromEnumerable(videos.Select(v => new MetricsRow
        {
            Label = v.Label,
            PredictedLabel = v.PredictedClass,
            Score = [.. v.Probabilities],
        }), definition);
        var keys = LabelKeyData.Create(labels);
        return mlContext.Transforms.Conversion.MapValueToKey(nameof(MetricsRow.Label), keyData: keys)
            .Append(mlContext.Transforms.Conversion.MapValueToKey(nameof(MetricsRow.PredictedLabel), keyData: keys))
            .Fit(rows).Transform(rows);
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
            if (labels[i] == label) return i;
        return -1;
    }

    private sealed class LabelledVideo
    {
        public string VideoPath { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private sealed class MetricsRow
    {
        public string Label { get; set; } = "";

        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = [];
    }
}
