using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>
/// The part file of one shard, JSON lines: a <see cref="ShardPartHeader"/>, one <see cref="ShardPartRow"/> per video in
/// list order, and an end record <c>{"end":true,"rows":K,"seconds":S}</c>. While a shard runs, its rows are appended to
/// <c>shard-IIII-of-NNNN.jsonl.partial</c> (the journal a re-run resumes from); the complete file is written whole, by
/// temporary file and rename, so its presence, ending in the end record, marks the shard done.
/// </summary>
public static class ShardPartFile
{
    /// <summary>Suffix of a shard's journal while it runs.</summary>
    public const string JournalSuffix = ".partial";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The file name of shard <paramref name="shard"/> of <paramref name="shards"/>: <c>shard-0003-of-0004.jsonl</c>.</summary>
    public static string NameOf(int shard, int shards) => $"shard-{shard:D4}-of-{shards:D4}.jsonl";

    /// <summary>Reads a complete part file.</summary>
    /// <exception cref="InvalidDataException">The file is not a part file, or lacks its end record (cut short) or
    /// rows; the message names the file.</exception>
    public static (ShardPartHeader Header, IReadOnlyList<ShardPartRow> Rows, double Seconds) Read(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length < 2)
            throw new InvalidDataException($"Part file '{path}' is incomplete: it has no end record.");
        var header = ParseHeader(lines[0], path);
        var rows = new List<ShardPartRow>(lines.Length - 2);
        for (int n = 1; n < lines.Length - 1; n++)
            rows.Add(ParseRow(lines[n], path, n + 1));
        var end = Parse<EndRecord>(lines[^1], path, lines.Length);
        if (!end.End || end.Rows != rows.Count)
            throw new InvalidDataException($"Part file '{path}' is incomplete: its last line is not the end record of {rows.Count} rows.");
        return (header, rows, end.Seconds);
    }

    internal static string HeaderLine(ShardPartHeader header) => JsonSerializer.Serialize(header, Json);

    internal static string RowLine(ShardPartRow row) => JsonSerializer.Serialize(row, Json);

    internal static string EndLine(int rows, double seconds) => JsonSerializer.Serialize(new EndRecord(true, rows, seconds), Json);

    internal static ShardPartHeader ParseHeader(string line, string path)
    {
        var header = Parse<ShardPartHeader>(line, path, 1);
        if (header.Format != ShardPartHeader.CurrentFormat)
            throw new InvalidDataException($"Part file '{path}' has format {header.Format}; this version reads format {ShardPartHeader.CurrentFormat}.");
        return header;
    }

    internal static ShardPartRow ParseRow(string line, string path, int lineNumber) => Parse<ShardPartRow>(line, path, lineNumber);

    private static T Parse<T>(string line, string path, int lineNumber)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(line, Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Part file '{path}', line {lineNumber}: not a {typeof(T).Name} ({e.Message}).", e);
        }
    }

    private sealed record EndRecord(bool End, int Rows, double Seconds);
}
