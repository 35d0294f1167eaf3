using System.Globalization;

namespace TimeSformer.Benchmarks;

/// <summary>How the report writes numbers: invariant culture, a few significant digits.</summary>
public static class BenchFormat
{
    /// <summary>A number with <paramref name="decimals"/> decimals, thousands separated.</summary>
    public static string Number(double value, int decimals = 1) =>
        double.IsFinite(value) ? value.ToString("N" + decimals, CultureInfo.InvariantCulture) : "—";

    /// <summary>Seconds as milliseconds: 3 significant digits for small values, whole numbers above 100 ms.</summary>
    public static string Milliseconds(double seconds)
    {
        double ms = seconds * 1000;
        return Number(ms, ms >= 100 ? 0 : ms >= 10 ? 1 : 2);
    }

    /// <summary>A rate (e.g. clips per second) with digits suited to its size.</summary>
    public static string Rate(double perSecond) => Number(perSecond, perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2);

    /// <summary>A ratio written like <c>1.23x</c>.</summary>
    public static string Ratio(double ratio) => double.IsFinite(ratio) ? Number(ratio, 2) + "x" : "—";

    /// <summary>A percentage with one decimal, signed when <paramref name="signed"/>.</summary>
    public static string Percent(double fraction, bool signed = false) =>
        double.IsFinite(fraction) ? (signed && fraction >= 0 ? "+" : "") + Number(fraction * 100, 1) + "%" : "—";

    /// <summary>Bytes as mebibytes.</summary>
    public static string Mebibytes(long bytes) => bytes < 0 ? "—" : Number(bytes / (1024.0 * 1024.0), 0);
}
