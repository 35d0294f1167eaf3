namespace TimeSformer.MLNet.Evaluation;

/// <summary>The files written by <see cref="EvaluationReportWriter.Write"/>.</summary>
/// <param name="MarkdownPath">The Markdown report (its images are PNG files beside it).</param>
/// <param name="HtmlPath">The self-contained HTML report (images embedded).</param>
/// <param name="PredictionsCsvPath">One row per video: path, label, predicted, probability per class, error.</param>
/// <param name="ImagePaths">The PNG files referenced by the Markdown report.</param>
public sealed record EvaluationReport(string MarkdownPath, string HtmlPath, string PredictionsCsvPath, IReadOnlyList<string> ImagePaths);
