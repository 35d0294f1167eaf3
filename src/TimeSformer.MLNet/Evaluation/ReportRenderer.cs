using System.Net;
using System.Text;

namespace TimeSformer.MLNet.Evaluation;

/// <summary>Renders report blocks as Markdown (images as files) or as one self-contained HTML page (images as
/// base64 data URIs).</summary>
internal static class ReportRenderer
{
    public static string Markdown(IEnumerable<ReportBlock> blocks)
    {
        var md = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ReportBlock.Heading h:
                    md.Append('#', h.Level).Append(' ').AppendLine(h.Text).AppendLine();
                    break;
                case ReportBlock.Paragraph p:
                    md.AppendLine(p.Text).AppendLine();
                    break;
                case ReportBlock.Figure f:
                    md.AppendLine(MarkdownImage(f.Image)).AppendLine();
                    break;
                case ReportBlock.Table t:
                    md.AppendLine("| " + string.Join(" | ", t.Header.Select(EscapeCell)) + " |");
                    md.AppendLine("|" + string.Concat(t.Header.Select(_ => " --- |")));
                    foreach (var row in t.Rows)
                        md.AppendLine("| " + string.Join(" | ", row.Select(c => c.Image is null ? EscapeCell(c.Text) : MarkdownImage(c.Image))) + " |");
                    md.AppendLine();
                    break;
            }
        }
        return md.ToString();
    }

    public static string Html(string title, IEnumerable<ReportBlock> blocks)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<title>").Append(Encode(title)).AppendLine("</title>")
            .AppendLine("<style>body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin-bottom:1.5em}"
                + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f2f2f2}td img{display:block}"
                + "figure{margin:0 0 1.5em 0}</style>")
            .AppendLine("</head><body>");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ReportBlock.Heading h:
                    html.Append($"<h{h.Level}>").Append(Encode(h.Text)).AppendLine($"</h{h.Level}>");
                    break;
                case ReportBlock.Paragraph p:
                    html.Append("<p>").Append(Encode(p.Text)).AppendLine("</p>");
                    break;
                case ReportBlock.Figure f:
                    html.Append("<figure>").Append(HtmlImage(f.Image)).AppendLine("</figure>");
                    break;
                case ReportBlock.Table t:
                    html.Append("<table><tr>").Append(string.Concat(t.Header.Select(c => $"<th>{Encode(c)}</th>"))).AppendLine("</tr>");
                    foreach (var row in t.Rows)
                        html.Append("<tr>")
                            .Append(string.Concat(row.Select(c => $"<td>{(c.Image is null ? Encode(c.Text) : HtmlImage(c.Image))}</td>")))
                            .AppendLine("</tr>");
                    html.AppendLine("</table>");
                    break;
            }
        }
        return html.AppendLine("</body></html>").ToString();
    }

    private static string MarkdownImage(ReportImage image) => $"![{EscapeCell(image.AltText)}]({image.FileName})";

    private static string HtmlImage(ReportImage image) =>
        $"<img src=\"data:image/png;base64,{Convert.ToBase64String(image.Png)}\" alt=\"{Encode(image.AltText)}\">";

    private static string EscapeCell(string text) => text.Replace("|", "\\|").Replace("\n", " ");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
