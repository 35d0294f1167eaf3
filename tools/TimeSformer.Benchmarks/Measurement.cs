using System.Diagnostics;

namespace TimeSformer.Benchmarks;

/// <summary>Wall times of repeated runs of one thing; the report gives the median.</summary>
/// <param name="Seconds">Each timed run's wall time.</param>
public sealed record Measurement(IReadOnlyList<double> Seconds)
{
    /// <summary>The median run time in seconds.</summary>
    public double Median
    {
        get
        {
            var sorted = Seconds.Order().ToArray();
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /// <summary>Times <paramref name="run"/>: <paramref name="warmup"/> untimed runs, then <paramref name="repeats"/>
    /// timed ones. A warm-up longer than <paramref name="longRunSeconds"/> counts as the only timed run, so that slow
    /// cases (Base at batch 8, joint attention at 96 frames) stay within the benchmark's time.</summary>
    public static Measurement Time(Action run, int repeats, int warmup = 1, double longRunSeconds = double.PositiveInfinity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        for (int i = 0; i < warmup; i++)
        {
            double first = TimeOnce(run);
            if (first > longRunSeconds) return new Measurement([first]);
        }
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) seconds[i] = TimeOnce(run);
        return new Measurement(seconds);
    }

    private static double TimeOnce(Action run)
    {
        long start = Stopwatch.GetTimestamp();
        run();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
