using System.Globalization;
using System.Text;

namespace TimeSformer.MLNet.Evaluation;

/// <summary>The predictions as CSV: <c>path,label,predicted,p_&lt;class&gt;...,error,warning</c>, one row per video (bad videos
/// with empty predictions and their error).</summary>
internal static class PredictionsCsv
{
    public static string Write(VideoEvaluationResult result)
    {
        var csv = new StringBuilder();
        var labels = result.Model.Labels;
        csv.AppendLine(string.Join(",", new[] { "path", "label", "predicted" }.Concat(labels.Select(l => "p_" + l)).Append("error").Append("warning").Select(Field)));
        foreach (var video in result.Videos)
        {
            var probabilities = video.IsScored
                ? video.Probabilities.Select(p => p.ToString("R", CultureInfo.InvariantCulture))
                : labels.Select(_ => "");
            csv.AppendLine(string.Join(",", new[] { video.Path, video.Label, video.PredictedClass }.Concat(probabilities).Append(video.Error).Append(video.Warning).Select(Field)));
        }
        return csv.ToString();
    }

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
