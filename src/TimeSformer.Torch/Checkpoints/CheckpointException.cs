namespace TimeSformer.Torch.Checkpoints;

/// <summary>
/// A checkpoint cannot be read or does not fit the model: unreadable file, unknown layout, or missing, unexpected
/// or mis-shaped parameters. The message names the file and every offending key.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CheckpointException(string path, string message, Exception? inner = null)
        : base($"Checkpoint '{path}': {message}", inner)
    {
        Path = path;
    }

    /// <summary>The checkpoint file (or a description of the in-memory source).</summary>
    public string Path { get; }
}
