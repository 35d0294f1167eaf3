using System.Text;
using TimeSformer.Contract;

namespace TimeSformer.Video.Datasets;

/// <summary>Reads and writes CSV manifests <c>path,label[,split[,group]]</c>; with a header, columns go by name and
/// may add <c>start,end</c> (seconds of the labelled segment).</summary>
internal static class CsvManifest
{
    private static readonly string[] PositionalColumns = ["path", "label", "split", "group"];

    public static VideoDataset Read(string manifestPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        if (!File.Exists(manifestPath))
            throw new DatasetManifestException(manifestPath, 0, "the manifest file does not exist.");
        string folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var lines = File.ReadAllLines(manifestPath);
        if (lines.Any(l => l.Contains('\0')))
            throw new DatasetManifestException(manifestPath, 0, "it holds binary data, not a CSV manifest (a video?); give a folder of "
                + "class folders or a text file of lines 'path,label[,split]'.");
        var samples = new List<VideoSample>();
        string[] columns = PositionalColumns;
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = SplitFields(line, manifestPath, n + 1);
            if (samples.Count == 0 && columns == PositionalColumns && IsHeader(fields))
            {
                columns = ReadHeader(fields, manifestPath, n + 1);
                continue;
            }
            samples.Add(ReadSample(fields, columns, folder, manifestPath, n + 1));
        }
        if (samples.Count == 0)
            throw new DatasetManifestException(manifestPath, 0, "the manifest lists no video; expected lines 'path,label[,split]'.");
        return new VideoDataset(samples);
    }

    public static void Write(VideoDataset dataset, string manifestPath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        bool segments = dataset.Samples.Any(s => s.Segment is not null);
        var text = new StringBuilder(segments ? "path,label,split,group,start,end\n" : "path,label,split,group\n");
        foreach (var s in dataset.Samples)
        {
            string relative = Path.GetRelativePath(folder, s.Path).Replace('\\', '/');
            var fields = new List<string> { relative, s.Label, s.Split ?? "", s.Group ?? "" };
            if (segments)
            {
                fields.Add(s.Segment is { } segment ? VideoSegment.Seconds(segment.Start) : "");
                fields.Add(s.Segment is { End: var end } && double.IsFinite(end) ? VideoSegment.Seconds(end) : "");
            }
            text.Append(string.Join(",", fields.Select(Quote))).Append('\n');
        }
        AtomicFile.WriteText(manifestPath, text.ToString());
    }

    // A first line naming both the path and the label column; a video named "path" would need a folder prefix.
    private static bool IsHeader(string[] fields) =>
        fields.Contains("path", StringComparer.OrdinalIgnoreCase) && fields.Contains("label", StringComparer.OrdinalIgnoreCase);

    private static string[] ReadHeader(string[] fields, string file, int line)
    {
        var names = fields.Select(f => f.ToLowerInvariant()).ToArray();
        if (names.Distinct().Count() != names.Length)
            throw new DatasetManifestException(file, line, $"the header repeats a column: '{string.Join(",", fields)}'.");
        return names;
    }

    private static VideoSample ReadSample(string[] fields, string[] columns, string folder, string file, int line)
    {
        if (fields.Length < 2)
        {
            // Spreadsheets in many locales save CSV with semicolons; a TSV uses tabs.
            string? separator = fields[0].Contains(';') ? "';'" : fields[0].Contains('\t') ? "tabs" : null;
            throw new DatasetManifestException(file, line, $"expected 'path,label[,split]', got {fields.Length} field(s)"
                + (separator is null ? "." : $": separate the fields with commas, not {separator}."));
        }
        if (fields.Length > columns.Length)
            throw new DatasetManifestException(file, line, $"{fields.Length} fields, but only {columns.Length} columns ({string.Join(",", columns)}).");
        string? Field(string name)
        {
            int i = Array.IndexOf(columns, name);
            return i >= 0 && i < fields.Length && fields[i].Length > 0 ? fields[i] : null;
        }
        string path = Field("path") ?? throw new DatasetManifestException(file, line, "the path is empty.");
        string label = Field("label") ?? throw new DatasetManifestException(file, line, "the label is empty.");
        string full = Path.GetFullPath(Path.Combine(folder, path));
        if (!File.Exists(full))
            throw new DatasetManifestException(file, line, $"video '{path}' does not exist (resolved to '{full}').");
        return new VideoSample(full, label, Field("group") ?? FolderLayout.GroupFromName(full), Field("split")?.ToLowerInvariant(),
            ReadSegment(Field("start"), Field("end"), file, line));
    }

    // Seconds of the labelled segment: both empty for the whole video, an empty end for "to the end".
    private static VideoSegment? ReadSegment(string? start, string? end, string file, int line)
    {
        if (start is null && end is null) return null;
        // "&", not "&&": both are read, so both are assigned.
        bool read = VideoSegment.TryReadSeconds(start, 0, out double from) & VideoSegment.TryReadSeconds(end, double.PositiveInfinity, out double to);
        var segment = new VideoSegment(from, to);
        if (!read || !segment.IsValid)
            throw new DatasetManifestException(file, line, $"start '{start}' and end '{end}' must be seconds with 0 <= start < end.");
        return segment;
    }

    // Comma-separated fields; a field may be double-quoted to hold commas, with "" for a quote.
    private static string[] SplitFields(string line, string file, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') field.Append(line[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else field.Append(c);
        }
        if (quoted) throw new DatasetManifestException(file, lineNumber, "a quoted field is not closed.");
        fields.Add(field.ToString().Trim());
        return [.. fields];
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
