using System.Globalization;
using TimeSformer.Contract;
using TimeSformer.Video;
using static TimeSformer.MLNet.Evaluation.ReportBlock;

namespace TimeSformer.MLNet.Evaluation;

/// <summary>Lays out the evaluation report: summary, metrics, per-class table and charts, confusion matrix, worst
/// videos with their frames, bad videos.</summary>
internal static class ReportBuilder
{
    public static IReadOnlyList<ReportBlock> Build(VideoEvaluationResult result)
    {
        var metrics = result.Metrics;
        var labels = result.Model.Labels;
        var clip = result.Model.Clip;
        int scored = result.Videos.Count(v => v.IsScored);
        var warned = result.WarnedVideos;
        var counts = result.ClassCounts;
        var blocks = new List<ReportBlock>
        {
            new Heading($"Evaluation of {Path.GetFileName(result.ModelPath)}", 1),
            new Paragraph($"{result.Videos.Count} videos: {scored} scored, {result.BadVideos.Count} could not be decoded "
                + $"(excluded from the metrics), {warned.Count} scored with a warning "
                + (result.ExcludedWarnedVideos ? "(excluded from the metrics)" : "(counted in the metrics)") + $". Scored in {F(result.Elapsed.TotalSeconds, "0.0")} s "
                + $"({F(result.Videos.Count / Math.Max(result.Elapsed.TotalSeconds, 1e-9), "0.00")} videos/s). "
                + $"Clips: {clip.Frames} frames of {clip.Size}x{clip.Size} px, {clip.Sampling} sampling; {labels.Count} classes; "
                + $"model {result.Model.Architecture}."),
            new Heading("Metrics", 2),
            new Table(["Metric", "Value"],
            [
                ["Micro accuracy", F(metrics.MicroAccuracy)],
                ["Macro accuracy", F(metrics.MacroAccuracy)],
                ["Log-loss", F(metrics.LogLoss)],
                ["Log-loss reduction", F(metrics.LogLossReduction)],
                [$"Top-{result.TopK} accuracy", F(metrics.TopKAccuracy)],
            ]),
            new Heading("Per class", 2),
            new Table(["Class", "Videos", "Accuracy", "Precision", "Log-loss"],
            [
                .. labels.Select((label, i) => (IReadOnlyList<Cell>)
                [
                    label,
                    counts[i].ToString(CultureInfo.InvariantCulture),
                    counts[i] == 0 ? "n/a" : F(metrics.ConfusionMatrix.PerClassRecall[i]),
                    F(metrics.ConfusionMatrix.PerClassPrecision[i]),
                    counts[i] == 0 ? "n/a" : F(metrics.PerClassLogLoss[i]),
                ]),
            ]),
            new Figure(new ReportImage("per_class_accuracy.png",
                ReportCharts.PerClassAccuracy(labels, [.. labels.Select((_, i) => counts[i] == 0 ? double.NaN : metrics.ConfusionMatrix.PerClassRecall[i])]),
                "Per-class accuracy")),
            new Heading("Confusion matrix", 2),
            new Paragraph("Rows: true class; columns: predicted class."),
            new Table(["True \\ Predicted", .. labels],
            [
                .. labels.Select((label, row) => (IReadOnlyList<Cell>)
                    [label, .. metrics.ConfusionMatrix.Counts[row].Select(c => (Cell)c.ToString(CultureInfo.InvariantCulture))]),
            ]),
            new Figure(new ReportImage("confusion_matrix.png", ReportCharts.ConfusionMatrix(labels, metrics.ConfusionMatrix.Counts), "Confusion matrix")),
            new Heading("Worst-classified videos", 2),
            new Paragraph("Lowest probability given to the true class first; frames are the clip the model saw."),
            new Table(["#", "Video", "True", "Predicted", "P(true)", "P(predicted)", "Frames"],
                [.. result.Worst.Select((video, i) => WorstRow(video, i + 1, labels, clip))]),
            new Heading("Videos that could not be decoded", 2),
        };
        if (result.BadVideos.Count == 0)
            blocks.Add(new Paragraph("None."));
        else
            blocks.Add(new Table(["Video", "Label", "Error"], [.. result.BadVideos.Select(v => (IReadOnlyList<Cell>)[v.Path, v.Label, v.Error])]));
        blocks.Add(new Heading("Videos scored with a warning", 2));
        if (warned.Count == 0)
            blocks.Add(new Paragraph("None."));
        else
            blocks.Add(new Table(["Video", "Label", "Predicted", "Warning"],
                [.. warned.Select(v => (IReadOnlyList<Cell>)[v.Path, v.Label, v.PredictedClass, v.Warning])]));
        return blocks;
    }

    private static IReadOnlyList<Cell> WorstRow(ScoredVideo video, int rank, IReadOnlyList<string> labels, ClipSpec clip)
    {
        Cell frames;
        try
        {
            var png = FrameStrip.Render(new ClipLoader(clip).Load(video.Path), clip);
            frames = new Cell("", new ReportImage($"worst_{rank:00}.png", png, $"Frames of {Path.GetFileName(video.Path)}"));
        }
        catch (VideoDecodeException e)
        {
            frames = e.Reason;
        }
        return
        [
            rank.ToString(CultureInfo.InvariantCulture), video.Path, video.Label, video.PredictedClass,
            F(video.Probabilities[IndexOf(labels, video.Label)]), F(video.Probabilities[IndexOf(labels, video.PredictedClass)]), frames,
        ];
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label) => labels.ToList().IndexOf(label);

    private static string F(double value, string format = "0.0000") => value.ToString(format, CultureInfo.InvariantCulture);
}
