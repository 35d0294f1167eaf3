using System.Globalization;
using System.Text;

namespace TimeSformer.Cli.Ablation;

/// <summary>Formats ablation results as a Markdown report (summary and per-class accuracy) or a CSV table.</summary>
internal static class AblationTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A summary table followed by a per-class test accuracy table (rows: classes, columns: variants).</summary>
    public static string ToMarkdown(IReadOnlyList<AblationResult> results, IReadOnlyList<string> labels)
    {
        var md = new StringBuilder();
        md.AppendLine("| Variant | Attention | Positional | Test acc. | Macro acc. | Parameters | GFLOPs/clip | Train time (s) | Clips/s | Model epoch |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            md.AppendLine(Inv, $"| {r.Variant.Name} | {r.Variant.Attention} | {r.Variant.Positional} | {Percent(r.TestAccuracy)} | {Percent(r.MacroAccuracy)} | {r.Parameters:N0} | {r.Variant.Gflops:0.###} | {r.TrainingSeconds:0} | {r.TrainClipsPerSecond:0.0} | {r.ModelEpoch}/{r.Epochs} |");
        md.AppendLine();
        md.AppendLine("Test accuracy per class:");
        md.AppendLine();
        md.AppendLine("| Class | " + string.Join(" | ", results.Select(r => r.Variant.Name)) + " |");
        md.AppendLine("|---|" + string.Concat(results.Select(_ => "---:|")));
        for (int c = 0; c < labels.Count; c++)
            md.AppendLine($"| {labels[c]} | " + string.Join(" | ", results.Select(r => c < r.ClassAccuracy.Count ? Percent(r.ClassAccuracy[c]) : "")) + " |");
        return md.ToString();
    }

    /// <summary>One row per variant: name, attention, positional, test_accuracy, macro_accuracy, parameters,
    /// gflops_per_clip, training_seconds, clips_per_second, model_epoch, epochs.</summary>
    public static string ToCsv(IReadOnlyList<AblationResult> results)
    {
        var csv = new StringBuilder("variant,attention,positional,test_accuracy,macro_accuracy,parameters,gflops_per_clip,training_seconds,clips_per_second,model_epoch,epochs\n");
        foreach (var r in results)
            csv.AppendLine(Inv, $"{r.Variant.Name},{r.Variant.Attention},{r.Variant.Positional},{r.TestAccuracy:0.####},{r.MacroAccuracy:0.####},{r.Parameters},{r.Variant.Gflops:0.######},{r.TrainingSeconds:0.#},{r.TrainClipsPerSecond:0.##},{r.ModelEpoch},{r.Epochs}");
        return csv.ToString();
    }

    private static string Percent(double value) => double.IsNaN(value) ? "-" : (value * 100).ToString("0.0", Inv) + "%";
}
