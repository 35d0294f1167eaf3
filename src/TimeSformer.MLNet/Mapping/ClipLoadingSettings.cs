using System.Collections.Concurrent;
using System.Globalization;
using TimeSformer.Contract;
using TimeSformer.Video;

namespace TimeSformer.MLNet.Mapping;

/// <summary>
/// The text form of <see cref="VideoClipLoadingOptions"/> carried in a constant column of the pipeline. ML.NET
/// saves the built-in transform that makes the column, not the state of a custom mapping, so this text is what
/// survives <c>Model.Save</c>/<c>Load</c>. Entries are <c>key=value</c> pairs separated by <c>;</c>: the clip spec's
/// metadata keys, <c>views</c> (<c>index/count/crop</c>, separated by <c>|</c>) and <c>bad_videos</c>.
/// </summary>
internal static class ClipLoadingSettings
{
    private const string ViewsKey = "views";
    private const string BadVideosKey = "bad_videos";

    private static readonly ConcurrentDictionary<string, VideoClipLoadingOptions> Parsed = new();

    public static string Format(VideoClipLoadingOptions options)
    {
        var entries = options.Spec.ToMetadata().ToList();
        entries.Add(new(ViewsKey, string.Join("|", options.Views.Select(v =>
            string.Create(CultureInfo.InvariantCulture, $"{v.TemporalIndex}/{v.TemporalCount}/{v.Crop}")))));
        entries.Add(new(BadVideosKey, options.BadVideos.ToString()));
        return string.Join(";", entries.Select(e => $"{e.Key}={e.Value}"));
    }

    /// <summary>Parses (once per distinct text) the settings written by <see cref="Format"/>.</summary>
    public static VideoClipLoadingOptions Parse(string text) => Parsed.GetOrAdd(text, ParseCore);

    private static VideoClipLoadingOptions ParseCore(string text)
    {
        var entries = new Dictionary<string, string>();
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = entry.IndexOf('=');
            if (eq <= 0) throw new FormatException($"Video clip settings entry '{entry}' is not key=value (settings: '{text}').");
            entries[entry[..eq]] = entry[(eq + 1)..];
        }
        if (!entries.TryGetValue(ViewsKey, out var views) || !entries.TryGetValue(BadVideosKey, out var badVideos))
            throw new FormatException($"Video clip settings lack '{ViewsKey}' or '{BadVideosKey}': '{text}'.");
        return new VideoClipLoadingOptions
        {
            Spec = ClipSpec.FromMetadata(entries),
            Views = [.. views.Split('|').Select(ParseView)],
            BadVideos = Enum.Parse<BadVideoHandling>(badVideos),
        };
    }

    private static ClipView ParseView(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count)
            || !Enum.TryParse<CropPosition>(parts[2], out var crop))
            throw new FormatException($"Video clip view '{text}' is not index/count/crop.");
        return new ClipView(index, count, crop);
    }
}
