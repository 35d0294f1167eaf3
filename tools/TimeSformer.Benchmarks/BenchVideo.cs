namespace TimeSformer.Benchmarks;

/// <summary>A generated test video.</summary>
/// <param name="Path">The file.</param>
/// <param name="Codec">E.g. <c>H.264</c>, <c>MJPEG</c>, <c>mp4v</c>.</param>
/// <param name="Seconds">Duration.</param>
/// <param name="Frames">Frames written.</param>
public sealed record BenchVideo(string Path, string Codec, double Seconds, int Frames)
{
    /// <summary>File size in bytes.</summary>
    public long Bytes => new FileInfo(Path).Length;
}
