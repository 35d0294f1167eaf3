using TimeSformer.Cli.Hosting;
using TimeSformer.MLNet.Evaluation;

namespace TimeSformer.Cli.Jobs;

/// <summary>What <c>evaluate --json</c> prints: the <c>MLContext</c> multiclass metrics, the videos that could not be
/// decoded, those scored with a warning (and whether they count), and where the report is.</summary>
internal sealed record EvaluationSummary(
    string Model, int Videos, int Scored, double MicroAccuracy, double MacroAccuracy, double LogLoss, double LogLossReduction,
    int TopK, double TopKAccuracy, IReadOnlyDictionary<string, double> PerClassLogLoss, EvaluationSummary.ConfusionMatrixSummary ConfusionMatrix,
    IReadOnlyList<EvaluationSummary.BadVideoSummary> BadVideos, IReadOnlyList<EvaluationSummary.WarnedVideoSummary> WarnedVideos,
    bool WarnedVideosExcluded, EvaluationSummary.ReportSummary Report)
{
    public static EvaluationSummary From(VideoEvaluationResult result, EvaluationReport report)
    {
        var m = result.Metrics;
        var labels = result.Model.Labels;
        return new EvaluationSummary(
            result.ModelPath, result.Videos.Count, result.MeasuredVideos.Count, m.MicroAccuracy, m.MacroAccuracy,
            m.LogLoss, m.LogLossReduction, result.TopK, m.TopKAccuracy,
            labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => m.PerClassLogLoss[p.i]),
            new ConfusionMatrixSummary(labels, [.. m.ConfusionMatrix.Counts.Select(row => (IReadOnlyList<long>)[.. row.Select(c => (long)c)])]),
            [.. result.BadVideos.Select(v => new BadVideoSummary(v.Path, v.Error))],
            [.. result.WarnedVideos.Select(v => new WarnedVideoSummary(v.Path, v.Warning))], result.ExcludedWarnedVideos,
            new ReportSummary(report.MarkdownPath, report.HtmlPath, report.PredictionsCsvPath));
    }

    /// <summary>Prints the summary as <c>evaluate</c> and <c>merge</c> do: JSON on stdout with <c>--json</c>, else the
    /// headline lines.</summary>
    public void Print(Terminal terminal, bool asJson)
    {
        if (asJson)
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(this, JsonOptions.Indented));
        else
            foreach (var line in ToLines()) terminal.Line(line);
    }

    /// <summary>The headline lines printed without <c>--json</c>.</summary>
    public IEnumerable<string> ToLines()
    {
        yield return $"Scored {Scored} of {Videos} videos with {Model}"
            + (WarnedVideos.Count == 0 ? "." : $" ({WarnedVideos.Count} with a warning, {(WarnedVideosExcluded ? "left out" : "counted")}).");
        yield return $"Micro accuracy:  {MicroAccuracy:0.0%}";
        yield return $"Macro accuracy:  {MacroAccuracy:0.0%}";
        yield return $"{$"Top-{TopK} accuracy:",-17}{TopKAccuracy:0.0%}";
        yield return $"Log-loss:        {LogLoss:0.0000} (reduction {LogLossReduction:0.0000})";
        yield return $"Report:          {Report.Html}";
        yield return $"                 {Report.Markdown}";
        yield return $"Predictions:     {Report.PredictionsCsv}";
    }

    /// <summary>Confusion matrix counts: rows are true classes, columns predicted ones, both in label order.</summary>
    internal sealed record ConfusionMatrixSummary(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<long>> Counts);

    /// <summary>A video left out of the metrics because it could not be decoded.</summary>
    internal sealed record BadVideoSummary(string Path, string Error);

    /// <summary>A video scored with a warning: cut short, corrupt mid-stream, too few or tiny frames.</summary>
    internal sealed record WarnedVideoSummary(string Path, string Warning);

    /// <summary>The report files.</summary>
    internal sealed record ReportSummary(string Markdown, string Html, string PredictionsCsv);
}
