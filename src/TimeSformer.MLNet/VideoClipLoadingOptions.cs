using TimeSformer.Contract;
using TimeSformer.Video;

namespace TimeSformer.MLNet;

/// <summary>Options of <see cref="VideoClipLoadingEstimator"/>: which clip to load from each video and what to do
/// with videos that cannot be decoded.</summary>
public sealed record VideoClipLoadingOptions
{
    /// <summary>Name of the text column written with the decoding error in <see cref="BadVideoHandling.Skip"/>
    /// mode (empty for good rows).</summary>
    public const string DefaultErrorColumnName = "DecodeError";

    /// <summary>Name of the text column written in <see cref="BadVideoHandling.Skip"/> mode with what made a decoded
    /// clip unreliable (cut short, corrupt mid-stream, too few frames, tiny frames); empty for clean rows.</summary>
    public const string DefaultWarningColumnName = "DecodeWarning";

    /// <summary>Frames, side, sampling and normalisation of each clip.</summary>
    public ClipSpec Spec { get; init; } = new();

    /// <summary>The views loaded per video, concatenated in this order: the output holds
    /// <c>Views.Count * T * 3 * S * S</c> values, layout [V, T, 3, S, S]. Defaults to the single evaluation view.</summary>
    public IReadOnlyList<ClipView> Views { get; init; } = [ClipView.Single];

    /// <summary>Throw on an undecodable video (default) or mark the row and go on.</summary>
    public BadVideoHandling BadVideos { get; init; } = BadVideoHandling.Throw;

    /// <summary>Error column written in <see cref="BadVideoHandling.Skip"/> mode.</summary>
    public string ErrorColumnName { get; init; } = DefaultErrorColumnName;

    /// <summary>Warning column written in <see cref="BadVideoHandling.Skip"/> mode.</summary>
    public string WarningColumnName { get; init; } = DefaultWarningColumnName;

    /// <summary>Number of floats per row: views x T x 3 x S x S.</summary>
    public int ValueCount => checked(Views.Count * Spec.ValueCount);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Spec.Validate();
        if (Views.Count == 0)
            throw new ArgumentException("VideoClipLoadingOptions.Views needs at least one view.");
        if (Views.Any(v => v.Crop == CropPosition.Random))
            throw new ArgumentException("VideoClipLoadingOptions.Views cannot use a random crop: scoring is deterministic.");
        if (BadVideos == BadVideoHandling.Skip && (string.IsNullOrWhiteSpace(ErrorColumnName) || string.IsNullOrWhiteSpace(WarningColumnName)))
            throw new ArgumentException("VideoClipLoadingOptions.ErrorColumnName and WarningColumnName are needed when bad videos are skipped.");
    }
}
