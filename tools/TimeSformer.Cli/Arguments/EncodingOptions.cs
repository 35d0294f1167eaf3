using System.CommandLine;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Cli.Arguments;

/// <summary>The options of the verbs that write generated videos (<c>synth</c>, <c>synth-photos</c>): the container and
/// the ffmpeg that encodes H.264.</summary>
internal static class EncodingOptions
{
    /// <summary><c>--container</c>, defaulting to <paramref name="defaultValue"/>.</summary>
    public static Option<SyntheticContainer> Container(SyntheticContainer defaultValue) => new("--container")
    {
        Description = "AviMjpg (.avi, Motion JPEG), Mp4Mp4v (.mp4, MPEG-4 Part 2) or Mp4H264 (.mp4, H.264 through ffmpeg).",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary><c>--ffmpeg</c>, defaulting to <paramref name="defaultValue"/>.</summary>
    public static Option<string> Ffmpeg(string defaultValue) => new("--ffmpeg")
    {
        Description = "The ffmpeg executable that encodes Mp4H264.",
        DefaultValueFactory = _ => defaultValue,
    };
}
