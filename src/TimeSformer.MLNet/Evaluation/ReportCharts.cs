using System.Globalization;
using ScottPlot;

namespace TimeSformer.MLNet.Evaluation;

/// <summary>The report's charts as PNG bytes (ScottPlot): confusion-matrix heatmap and per-class accuracy bars.</summary>
internal static class ReportCharts
{
    /// <summary>Rows are true classes, columns predicted ones; each cell is coloured by its share of the row and
    /// shows the count.</summary>
    public static byte[] ConfusionMatrix(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<double>> counts)
    {
        int n = labels.Count;
        var plot = NewPlot();
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int row = 0; row < n; row++)
        {
            double total = counts[row].Sum();
            for (int col = 0; col < n; col++)
            {
                double share = total > 0 ? counts[row][col] / total : 0;
                double y = n - 1 - row;
                var cell = plot.Add.Rectangle(col - 0.5, col + 0.5, y - 0.5, y + 0.5);
                cell.FillStyle.Color = colormap.GetColor(share);
                cell.LineStyle.Width = 0;
                var text = plot.Add.Text(counts[row][col].ToString(CultureInfo.InvariantCulture), col, y);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = n > 12 ? 9 : 14;
                text.LabelFontColor = share > 0.6 ? Colors.Black : Colors.White;
            }
        }
        double[] positions = [.. Enumerable.Range(0, n).Select(i => (double)i)];
        plot.Axes.Bottom.SetTicks(positions, [.. labels]);
        plot.Axes.Left.SetTicks([.. positions.Reverse()], [.. labels]);
        RotateBottomLabels(plot, labels);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        plot.Title("Confusion matrix");
        plot.XLabel("Predicted");
        plot.YLabel("True");
        int side = Math.Clamp(120 + (40 * n), 360, 1400);
        return plot.GetImageBytes(side + 60, side, ImageFormat.Png);
    }

    /// <summary>One bar per class: the fraction of its videos predicted right (NaN classes drawn as 0).</summary>
    public static byte[] PerClassAccuracy(IReadOnlyList<string> labels, IReadOnlyList<double> accuracy)
    {
        int n = labels.Count;
        var plot = NewPlot();
        var bars = plot.Add.Bars([.. accuracy.Select(a => double.IsNaN(a) ? 0 : a)]);
        bars.Color = Colors.SteelBlue;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, n).Select(i => (double)i)], [.. labels]);
        RotateBottomLabels(plot, labels);
        plot.Axes.SetLimits(-0.6, n - 0.4, 0, 1.05);
        plot.Title("Per-class accuracy");
        plot.YLabel("Accuracy");
        return plot.GetImageBytes(Math.Clamp(160 + (40 * n), 480, 1600), 420, ImageFormat.Png);
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(Fonts.Sans);
        return plot;
    }

    /// <summary>Class names slanted below the axis, with room for the longest.</summary>
    private static void RotateBottomLabels(Plot plot, IReadOnlyList<string> labels)
    {
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 30 + (7 * labels.Max(l => l.Length));
    }
}
