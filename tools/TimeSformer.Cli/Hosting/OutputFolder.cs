namespace TimeSformer.Cli.Hosting;

/// <summary>An output folder held by one command for its lifetime: a second <c>timesformer</c> command asking for the
/// same folder is refused instead of mixing its files with this one's. The hold is an advisory lock on
/// <see cref="LockFileName"/> in the folder, which the system releases when the process ends, however it ends, so a
/// killed run leaves no stale lock (the empty file stays).</summary>
internal sealed class OutputFolder : IDisposable
{
    /// <summary>The lock file kept in every output folder.</summary>
    public const string LockFileName = ".timesformer.lock";

    private readonly FileStream hold;

    private OutputFolder(string path, FileStream hold)
    {
        Path = path;
        this.hold = hold;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Refuses, before any work, a path that is a file where a folder is needed.</summary>
    /// <exception cref="UsageException"><paramref name="path"/> is a file.</exception>
    public static void RequireFolder(string path, string option = "--output")
    {
        if (File.Exists(path))
            throw new UsageException($"{option} '{path}' is a file; give a folder (it is created when missing).");
    }

    /// <summary>Creates the folder when missing and holds it.</summary>
    /// <exception cref="UsageException">The path is a file, or the folder cannot be created.</exception>
    /// <exception cref="IOException">Another command holds the folder.</exception>
    public static OutputFolder Claim(string path, string option = "--output")
    {
        string full = System.IO.Path.GetFullPath(path);
        RequireFolder(full, option);
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} '{full}' cannot be created: {e.Message}");
        }
        string lockPath = System.IO.Path.Combine(full, LockFileName);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
            return new OutputFolder(full, new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"Output folder '{full}' is in use by another timesformer command; wait for it to finish or choose another {option}.", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => hold.Dispose();
}
