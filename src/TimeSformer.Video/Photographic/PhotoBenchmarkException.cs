namespace TimeSformer.Video.Photographic;

/// <summary>A folder of photographs cannot make the benchmark asked for: the folder or its images are missing,
/// unreadable or too few or too small. The message is one line naming the folder or file and what to do.</summary>
public sealed class PhotoBenchmarkException(string path, string message) : Exception(message)
{
    /// <summary>The folder or image file at fault.</summary>
    public string Path { get; } = path;
}
