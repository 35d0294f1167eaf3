using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

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
        var rows = videos.Select(v => new LabelledVideo { VideoPath = v.Path, Label = v.Label }).ToList();
        if (rows.Count == 0) throw new ArgumentException("No videos to evaluate.", nameof(videos));
        var estimator = mlContext.Transforms.ScoreVideos(modelPath, options: options.Scoring);
        var labels = estimator.Metadata.Labels;
        var unknown = rows.Select(r => r.Label).Distinct().Where(l => !labels.Contains(l)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"Labels not known to model '{modelPath}': {string.Join(", ", unknown.Select(l => $"'{l}'"))}; its classes are: {string.Join(", ", labels)}.",
                nameof(videos));

        var stopwatch = Stopwatch.StartNew();
        var input = mlContext.Data.LoadFromEnumerable(rows);
        var scored = ScoreAll(estimator.Fit(input).Transform(input), rows, labels, options);
        stopwatch.Stop();

        var good = scored.Where(v => v.IsScored && !(options.ExcludeWarnedVideos && v.IsWarned)).ToList();
        if (good.Count == 0)
            throw new InvalidOperationException(scored.Any(v => v.IsScored)
                ? $"All {rows.Count} videos were scored with a warning and are excluded; first warning: {scored.First(v => v.IsWarned).Warning}"
                : $"None of the {rows.Count} videos could be decoded; first error: {scored[0].Error}");
        int topK = Math.Clamp(options.TopK, 1, labels.Count);
        var metrics = mlContext.MulticlassClassification.Evaluate(MetricsInput(mlContext, good, labels), topKPredictionCount: topK);
        return new VideoEvaluationResult
        {
            ModelPath = modelPath,
            Model = estimator.Metadata,
            Metrics = metrics,
            TopK = topK,
            Videos = scored,
            Worst = [.. good.OrderBy(v => v.Probabilities[IndexOf(labels, v.Label)]).Take(options.WorstCount)],
            Elapsed = stopwatch.Elapsed,
            ExcludedWarnedVideos = options.ExcludeWarnedVideos,
        };
    }

    /// <summary>One pass of one cursor over the scored view, so each video is decoded and scored once.</summary>
    private static List<ScoredVideo> ScoreAll(IDataView scored, List<LabelledVideo> rows, IReadOnlyList<string> labels,
        VideoEvaluationOptions options)
    {
        var schema = scored.Schema;
        var errorColumn = schema.GetColumnOrNull(options.Scoring.ErrorColumnName);
        var warningColumn = schema.GetColumnOrNull(options.Scoring.WarningColumnName);
        var score = schema[VideoScoringEstimator.ScoreColumnName];
        using var cursor = scored.GetRowCursor(new[] { score, errorColumn, warningColumn }.OfType<DataViewSchema.Column>());
        var getScore = cursor.GetGetter<VBuffer<float>>(score);
        var getError = errorColumn is { } column ? cursor.GetGetter<ReadOnlyMemory<char>>(column) : null;
        var getWarning = warningColumn is { } w ? cursor.GetGetter<ReadOnlyMemory<char>>(w) : null;
        var result = new List<ScoredVideo>(rows.Count);
        VBuffer<float> buffer = default;
        ReadOnlyMemory<char> error = default, warning = default;
        while (cursor.MoveNext())
        {
            var row = rows[result.Count];
            getError?.Invoke(ref error);
            getWarning?.Invoke(ref warning);
            if (!error.IsEmpty)
            {
                result.Add(new ScoredVideo(row.VideoPath, row.Label, "", [], error.ToString()));
            }
            else
            {
                getScore(ref buffer);
                float[] probabilities = buffer.DenseValues().ToArray();
                result.Add(new ScoredVideo(row.VideoPath, row.Label, labels[Mapping.ArgMaxMappingFactory.ArgMax(probabilities)], probabilities,
                    Warning: warning.ToString()));
            }
            options.Progress?.Report(result.Count);
        }
        return result;
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
            PredictedLabel = v.PredictedLabel,
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
