using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TimeSformer.Cli.Arguments;

/// <summary>Durations on the command line: unit forms (<c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>1.5h</c>) or a clock
/// (<c>00:05:00</c>), and the short clock form (<c>4:12</c>, <c>1:04:12</c>) the progress shows.</summary>
internal static partial class DurationText
{
    /// <summary>The positive duration in <paramref name="text"/>, or null when it is not one.</summary>
    public static TimeSpan? Parse(string text)
    {
        text = text.Trim();
        TimeSpan value;
        if (text.Contains(':'))
        {
            if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value)) return null;
        }
        else
        {
            var match = UnitForm().Match(text);
            // Every part of the pattern is optional, so the empty text matches: it is no duration.
            if (!match.Success || text.Length == 0) return null;
            double Part(int group, double seconds) => match.Groups[group].Success
                ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) * seconds : 0;
            double total = Part(1, 3600) + Part(2, 60) + Part(3, 1);
            if (!(total <= TimeSpan.MaxValue.TotalSeconds)) return null;
            value = TimeSpan.FromSeconds(total);
        }
        return value > TimeSpan.Zero ? value : null;
    }

    /// <summary>A parser for a duration option: an invalid value is a usage error naming the option and the forms.</summary>
    public static TimeSpan? ParseOption(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Parse(token) is { } value) return value;
        string option = (result.Parent as OptionResult)?.Option.Name ?? "The duration";
        result.AddError($"{option} must be a positive duration such as 90s, 5m, 1h30m or 00:05:00, was '{token}'.");
        return null;
    }

    /// <summary><paramref name="value"/> as <c>m:ss</c>, or <c>h:mm:ss</c> from an hour on.</summary>
    public static string Clock(TimeSpan value) => value.ToString(value.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnitForm();
}
