using TimeSformer.Contract;
using static TimeSformer.MLNet.Evaluation.ReportBlock;

namespace TimeSformer.MLNet.Evaluation;

/// <summary>Writes an evaluation as <c>report.md</c> (with PNG files), a self-contained <c>report.html</c> and
/// <c>predictions.csv</c>. Each file is written whole or not at all.</summary>
public static class EvaluationReportWriter
{
    /// <summary>Writes the report of <paramref name="result"/> into <paramref name="outputDirectory"/> (created if
    /// needed; files of an earlier report are replaced, and its extra frame strips removed).</summary>
    public static EvaluationReport Write(VideoEvaluationResult result, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var blocks = ReportBuilder.Build(result);
        var images = blocks.SelectMany(b => b switch
        {
            Figure f => [f.Image],
            Table t => t.Rows.SelectMany(r => r).Select(c => c.Image).OfType<ReportImage>(),
            _ => [],
        }).ToList();
        var imagePaths = images.Select(image => Path.Combine(outputDirectory, image.FileName)).ToList();
        foreach (var (image, path) in images.Zip(imagePaths)) AtomicFile.WriteBytes(path, image.Png);

        var report = new EvaluationReport(Path.Combine(outputDirectory, "report.md"), Path.Combine(outputDirectory, "report.html"),
            Path.Combine(outputDirectory, "predictions.csv"), imagePaths);
        AtomicFile.WriteText(report.PredictionsCsvPath, PredictionsCsv.Write(result));
        AtomicFile.WriteText(report.MarkdownPath, ReportRenderer.Markdown(blocks));
        AtomicFile.WriteText(report.HtmlPath, ReportRenderer.Html($"Evaluation of {Path.GetFileName(result.ModelPath)}", blocks));
        // A reused folder holds only this report: frame strips of an earlier report with more worst videos go.
        foreach (string stale in Directory.GetFiles(outputDirectory, "worst_*.png").Except(imagePaths, StringComparer.Ordinal))
            File.Delete(stale);
        return report;
    }
}
