using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using TimeSformer.Video;

namespace TimeSformer.MLNet.Mapping;

/// <summary>
/// The custom mapping behind <see cref="VideoClipLoadingEstimator"/>: decodes the clip(s) of one video with
/// <see cref="ClipLoader"/>, configured by the settings column. Public only so that ML.NET can rebuild it when a
/// saved model is loaded; use <see cref="VideoCatalog.LoadVideoClips(Microsoft.ML.TransformsCatalog, string, string, VideoClipLoadingOptions?)"/>.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class VideoClipMappingFactory : CustomMappingFactory<VideoClipMappingFactory.Input, VideoClipMappingFactory.Output>
{
    /// <summary>The contract name recorded in saved models.</summary>
    public const string ContractName = "TimeSformer.MLNet.LoadVideoClips";

    internal const string PathColumn = "__tsf_video_path";
    internal const string SettingsColumn = "__tsf_clip_settings";
    internal const string ClipColumn = "__tsf_clip";
    internal const string ErrorColumn = "__tsf_decode_error";
    internal const string WarningColumn = "__tsf_decode_warning";

    /// <summary>Columns read.</summary>
    public sealed class Input
    {
        /// <summary>Path of the video.</summary>
        [ColumnName(PathColumn)]
        public string VideoPath { get; set; } = "";

        /// <summary>Loading settings in the form written by the estimator.</summary>
        [ColumnName(SettingsColumn)]
        public string Settings { get; set; } = "";
    }

    /// <summary>Columns written.</summary>
    public sealed class Output
    {
        /// <summary>The clip values, layout [V, T, 3, S, S].</summary>
        [ColumnName(ClipColumn)]
        public float[] Clip { get; set; } = [];

        /// <summary>Why the video could not be decoded; empty when it was.</summary>
        [ColumnName(ErrorColumn)]
        public string DecodeError { get; set; } = "";

        /// <summary>What made the clip unreliable (cut short, too few or tiny frames); empty when nothing did.</summary>
        [ColumnName(WarningColumn)]
        public string DecodeWarning { get; set; } = "";
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => Map;

    internal static void Map(Input input, Output output)
    {
        var options = ClipLoadingSettings.Parse(input.Settings);
        output.DecodeError = "";
        var warnings = new List<string>();
        try
        {
            output.Clip = Load(input.VideoPath, options, warnings);
        }
        catch (VideoDecodeException e) when (options.BadVideos == BadVideoHandling.Skip)
        {
            output.Clip = new float[options.ValueCount];
            Array.Fill(output.Clip, float.NaN);
            output.DecodeError = e.Message;
        }
        output.DecodeWarning = warnings.Count == 0 ? "" : string.Join("; ", warnings.Select(w => w.TrimEnd('.'))) + ".";
    }

    private static float[] Load(string path, VideoClipLoadingOptions options, List<string> warnings)
    {
        var loader = new ClipLoader(options.Spec);
        loader.Warning += (_, e) => warnings.Add(e.Message);
        if (options.Views.Count == 1) return loader.Load(path, options.Views[0]);
        // All views of one video, each needed frame decoded once: memory is bounded by the views, not the video.
        var clips = loader.LoadViews(path, options.Views);
        var values = new float[options.ValueCount];
        for (int v = 0; v < clips.Length; v++)
            clips[v].CopyTo(values, v * options.Spec.ValueCount);
        return values;
    }
}
