using System.Globalization;
using System.Text;

namespace TimeSformer.Benchmarks;

/// <summary>One table of the benchmark report: a title, named columns, rows of formatted cells and notes that say
/// how the numbers were taken. Rendered as a GitHub Markdown table; numeric columns are right-aligned.</summary>
public sealed class BenchTable
{
    private readonly List<string[]> rows = [];
    private readonly List<string> notes = [];

    /// <summary>Creates an empty table.</summary>
    public BenchTable(string title, params string[] columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        if (columns.Length == 0) throw new ArgumentException("A table needs at least one column.", nameof(columns));
        Title = title;
        Columns = columns;
    }

    /// <summary>The heading above the table.</summary>
    public string Title { get; }

    /// <summary>Column headers.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows of cells, one per column.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows => rows;

    /// <summary>Sentences printed under the table.</summary>
    public IReadOnlyList<string> Notes => notes;

    /// <summary>Adds a row; it must have one cell per column.</summary>
    public void AddRow(params string[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"Table '{Title}' has {Columns.Count} columns; the row has {cells.Length} cells.", nameof(cells));
        rows.Add(cells);
    }

    /// <summary>Adds a note printed under the table.</summary>
    public void AddNote(string note) => notes.Add(note);

    /// <summary>The table as Markdown: <c>### title</c>, the table, then the notes as a list.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("### ").AppendLine(Title).AppendLine();
        text.AppendLine(Line(Columns));
        text.AppendLine(Line(Columns.Select((_, c) => IsNumeric(c) ? "---:" : "---")));
        foreach (var row in rows) text.AppendLine(Line(row));
        if (notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in notes) text.Append("- ").AppendLine(note);
        }
        return text.ToString();
    }

    // A column is numeric when every non-empty cell starts like a number ("1.5", "-3%", "0.8x", "—" counts as empty).
    private bool IsNumeric(int column)
    {
        var cells = rows.Select(r => r[column]).Where(c => c.Length > 0 && c != "—").ToList();
        return cells.Count > 0 && cells.All(c => double.TryParse(c.TrimEnd('%', 'x', '×').Replace(",", ""),
            NumberStyles.Float, CultureInfo.InvariantCulture, out _));
    }

    private static string Line(IEnumerable<string> cells) =>
        "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|").ReplaceLineEndings(" "))) + " |";
}
