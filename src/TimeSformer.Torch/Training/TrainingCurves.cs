using TimeSformer.Contract;

namespace TimeSformer.Torch.Training;

/// <summary>Draws the training curves of a run as one PNG: losses on the left axis, accuracies on the right.</summary>
public static class TrainingCurves
{
    /// <summary>Writes the curves of <paramref name="history"/> to <paramref name="path"/> (atomically).</summary>
    public static void Save(string path, IReadOnlyList<EpochMetrics> history, int width = 900, int height = 450)
    {
        double[] epochs = [.. history.Select(m => (double)m.Epoch)];
        var plot = new ScottPlot.Plot();
        AddLine(plot, epochs, [.. history.Select(m => m.TrainLoss)], "train loss", right: false);
        AddLine(plot, epochs, [.. history.Select(m => m.TrainAccuracy)], "train accuracy", right: true);
        if (history.All(m => m.ValidationAccuracy.HasValue))
        {
            AddLine(plot, epochs, [.. history.Select(m => m.ValidationLoss!.Value)], "validation loss", right: false);
            AddLine(plot, epochs, [.. history.Select(m => m.ValidationAccuracy!.Value)], "validation accuracy", right: true);
        }
        plot.Title("Training curves");
        plot.XLabel("epoch");
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Right.Label.Text = "accuracy";
        plot.Axes.SetLimitsY(0, 1, plot.Axes.Right);
        plot.ShowLegend();
        byte[] png = plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(path, s => s.Write(png));
    }

    private static void AddLine(ScottPlot.Plot plot, double[] xs, double[] ys, string label, bool right)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = label;
        if (right) line.Axes.YAxis = plot.Axes.Right;
    }
}
