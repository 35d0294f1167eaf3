namespace TimeSformer.Cli.Bench;

/// <summary>One video length measured by <see cref="LongVideoMemoryBenchmark"/>.</summary>
/// <param name="Seconds">Length of the video.</param>
/// <param name="Frames">Frames written.</param>
/// <param name="FileBytes">Size of the file.</param>
/// <param name="ScoreSeconds">Wall-clock time to decode the views and score them (the round of the peak).</param>
/// <param name="BaselineBytes">Resident memory after settling (full GC, heap trimmed), just before scoring.</param>
/// <param name="PeakBytes">Peak resident memory of the process while scoring (Linux <c>VmHWM</c>, reset before the video).</param>
/// <param name="PeakRatio">This row's <paramref name="PeakBytes"/> over the first (shortest) row's.</param>
public sealed record LongVideoMemoryRow(double Seconds, int Frames, long FileBytes, double ScoreSeconds,
    long BaselineBytes, long PeakBytes, double PeakRatio)
{
    /// <summary>What scoring this video added to the settled process.</summary>
    public long PeakAboveBaselineBytes => PeakBytes - BaselineBytes;
}
