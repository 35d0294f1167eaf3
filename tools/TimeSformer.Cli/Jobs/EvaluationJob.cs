using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.MLNet;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.Video.Datasets;

namespace TimeSformer.Cli.Jobs;

/// <summary>Scores labelled videos through the ML.NET pipeline (<c>ScoreVideos</c>), computes the
/// <c>MLContext</c> metrics and writes the report. Used by <c>evaluate</c> and <c>demo</c>.</summary>
internal static class EvaluationJob
{
    public static (VideoEvaluationResult Result, EvaluationReport Report) Run(string modelPath, VideoDataset data,
        string outputDirectory, Terminal terminal, int topK = 5, VideoScoringOptions? scoring = null, bool excludeWarned = false)
    {
        InputFile.RequireModel(modelPath);
        int total = data.Samples.Count;
        var result = terminal.Progress("scoring", bar =>
        {
            bar.Update(0, total, $"scoring 0/{total}");
            var options = new VideoEvaluationOptions
            {
                TopK = topK,
                Scoring = (scoring ?? new VideoScoringOptions()) with { BadVideos = BadVideoHandling.Skip },
                Progress = new Relay<int>(done => bar.Update(done, total, $"scoring {done}/{total}")),
                ExcludeWarnedVideos = excludeWarned,
            };
            return VideoEvaluator.Evaluate(ScoringContext.Create(options.Scoring), modelPath, data.Samples.Select(s => (s.Location, s.Label)), options);
        });
        foreach (var bad in result.BadVideos)
            Console.Error.WriteLine($"warning: skipped '{bad.Path}': {bad.Error}");
        foreach (var warned in result.WarnedVideos)
            Console.Error.WriteLine($"warning: '{warned.Path}' " + (excludeWarned ? "left out" : "scored") + $" with a warning: {warned.Warning}");
        return (result, EvaluationReportWriter.Write(result, outputDirectory));
    }
}
