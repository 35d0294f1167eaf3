namespace TimeSformer.Benchmarks;

/// <summary>How fast one decoding strategy produced clips, and whether it produced the same clips as decoding
/// every frame.</summary>
/// <param name="Strategy">E.g. <c>decode-all</c>, <c>grab</c>, <c>seek&gt;=48</c>.</param>
/// <param name="Clips">Clips loaded.</param>
/// <param name="Elapsed">Wall time for all of them.</param>
/// <param name="MaxDifference">Largest absolute difference of any clip value from the decode-all clip (0 = identical).</param>
public sealed record DecodeBenchmarkResult(string Strategy, int Clips, TimeSpan Elapsed, float MaxDifference)
{
    /// <summary>Clips per second.</summary>
    public double ClipsPerSecond => Clips / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
