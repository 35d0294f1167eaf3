namespace TimeSformer.Video.Datasets;

/// <summary>A dataset manifest, split file or folder is malformed. The message names the file, the line when
/// there is one, and the problem.</summary>
public sealed class DatasetManifestException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> (line <paramref name="line"/>, 1-based, or 0 for
    /// the file as a whole).</summary>
    public DatasetManifestException(string path, int line, string reason)
        : base(line > 0 ? $"Bad dataset file '{path}', line {line}: {reason}" : $"Bad dataset '{path}': {reason}")
    {
        Path = path;
        Line = line;
        Reason = reason;
    }

    /// <summary>The manifest, split file or folder.</summary>
    public string Path { get; }

    /// <summary>1-based line number, or 0 when the problem is not on one line.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Reason { get; }
}
