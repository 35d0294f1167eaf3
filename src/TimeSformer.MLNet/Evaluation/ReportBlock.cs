namespace TimeSformer.MLNet.Evaluation;

/// <summary>A piece of the evaluation report, rendered alike to Markdown and HTML.</summary>
internal abstract record ReportBlock
{
    public sealed record Heading(string Text, int Level) : ReportBlock;

    public sealed record Paragraph(string Text) : ReportBlock;

    /// <summary>A table whose cells are text or, where <see cref="Cell.Image"/> is set, an image.</summary>
    public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<Cell>> Rows) : ReportBlock;

    public sealed record Figure(ReportImage Image) : ReportBlock;

    public sealed record Cell(string Text, ReportImage? Image = null)
    {
        public static implicit operator Cell(string text) => new(text);
    }
}

/// <summary>A PNG in the report: a file beside the Markdown report, embedded as base64 in the HTML one.</summary>
internal sealed record ReportImage(string FileName, byte[] Png, string AltText);
