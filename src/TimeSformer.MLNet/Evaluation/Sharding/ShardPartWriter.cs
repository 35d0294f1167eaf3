using System.Text;
using TimeSformer.Contract;

namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>
/// Records one shard's rows so that a task killed at any moment loses at most the video it was scoring: each row is
/// appended to the journal and flushed to the operating system (a killed process loses nothing written; a crashed node
/// may leave a cut-off last line, which is dropped on resume). <see cref="Complete"/> writes the part file whole and
/// removes the journal. The journal is held open exclusively, so a second task on the same shard fails instead of
/// writing rows twice.
/// </summary>
public sealed class ShardPartWriter : IDisposable
{
    private readonly FileStream? journal;
    private readonly Dictionary<int, ShardPartRow> rows;

    private ShardPartWriter(ShardPartHeader header, string path, FileStream? journal, Dictionary<int, ShardPartRow> rows, bool complete)
    {
        Header = header;
        PartPath = path;
        this.journal = journal;
        this.rows = rows;
        IsComplete = complete;
        Resumed = rows.Count;
    }

    /// <summary>The shard and run this writer records.</summary>
    public ShardPartHeader Header { get; }

    /// <summary>The complete part file (written by <see cref="Complete"/>).</summary>
    public string PartPath { get; }

    /// <summary>Whether the part file was already complete when opened (nothing is left to score).</summary>
    public bool IsComplete { get; private set; }

    /// <summary>How many rows an earlier run had already recorded.</summary>
    public int Resumed { get; }

    /// <summary>Whether the video at list position <paramref name="index"/> is already recorded.</summary>
    public bool Contains(int index) => rows.ContainsKey(index);

    /// <summary>Opens the shard's part in <paramref name="partsDirectory"/>: finds it complete, resumes its journal
    /// (dropping a cut-off last line), or starts a journal.</summary>
    /// <exception cref="InvalidDataException">An existing part or journal belongs to another run (model, data, scoring
    /// or shard count); the message names it and what differs.</exception>
    /// <exception cref="IOException">Another process holds the journal (the shard is running elsewhere).</exception>
    public static ShardPartWriter Open(string partsDirectory, ShardPartHeader header)
    {
        Directory.CreateDirectory(partsDirectory);
        string path = Path.Combine(partsDirectory, header.FileName);
        if (File.Exists(path))
        {
            var (existing, done, _) = ShardPartFile.Read(path);
            CheckSameRun(existing, header, path);
            return new ShardPartWriter(header, path, null, done.ToDictionary(r => r.Index), complete: true);
        }
        string journalPath = path + ShardPartFile.JournalSuffix;
        FileStream stream;
        try
        {
            stream = new FileStream(journalPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"Shard {header.Shard}/{header.Shards} is being scored by another process: '{journalPath}' is locked.", e);
        }
        try
        {
            var recorded = ReadJournal(stream, journalPath, header);
            if (stream.Length == 0)
                WriteLine(stream, ShardPartFile.HeaderLine(header));
            return new ShardPartWriter(header, path, stream, recorded, complete: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends a row and flushes it.</summary>
    /// <exception cref="InvalidOperationException">The part is complete, or the row is already recorded.</exception>
    public void Append(ShardPartRow row)
    {
        if (journal is null || IsComplete) throw new InvalidOperationException($"Part '{PartPath}' is complete.");
        if (!rows.TryAdd(row.Index, row)) throw new InvalidOperationException($"Video {row.Index} ('{row.Key}') is already recorded in '{PartPath}'.");
        WriteLine(journal, ShardPartFile.RowLine(row));
    }

    /// <summary>Writes the complete part file (rows in list order, end record), atomically, and removes the journal.</summary>
    /// <param name="seconds">Scoring time of this run, recorded for throughput reports.</param>
    public void Complete(double seconds)
    {
        if (IsComplete) return;
        var text = new StringBuilder(ShardPartFile.HeaderLine(Header)).Append('\n');
        foreach (var row in rows.Values.OrderBy(r => r.Index))
            text.Append(ShardPartFile.RowLine(row)).Append('\n');
        text.Append(ShardPartFile.EndLine(rows.Count, seconds)).Append('\n');
        AtomicFile.WriteText(PartPath, text.ToString());
        journal!.Dispose();
        File.Delete(PartPath + ShardPartFile.JournalSuffix);
        IsComplete = true;
    }

    /// <summary>Closes the journal (kept for a re-run when the part is not complete).</summary>
    public void Dispose() => journal?.Dispose();

    private static Dictionary<int, ShardPartRow> ReadJournal(FileStream stream, string path, ShardPartHeader header)
    {
        var recorded = new Dictionary<int, ShardPartRow>();
        if (stream.Length == 0) return recorded;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        // Only whole lines count: a kill during a write can leave a line without its newline, never a newline without its line.
        int complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var lines = Encoding.UTF8.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            stream.SetLength(0);
            return recorded;
        }
        CheckSameRun(ShardPartFile.ParseHeader(lines[0], path), header, path);
        for (int n = 1; n < lines.Length; n++)
        {
            var row = ShardPartFile.ParseRow(lines[n], path, n + 1);
            recorded.TryAdd(row.Index, row);
        }
        stream.SetLength(complete);
        stream.Position = complete;
        return recorded;
    }

    private static void CheckSameRun(ShardPartHeader existing, ShardPartHeader header, string path)
    {
        if (existing.Shard != header.Shard || existing.RunIdentity != header.RunIdentity)
            throw new InvalidDataException($"'{path}' belongs to another run ({ShardRunDifference.Describe(existing, header)}): "
                + "delete it, or score into another --output folder.");
    }

    private static void WriteLine(FileStream stream, string line)
    {
        stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
        stream.Flush();
    }
}
