namespace TimeSformer.Torch.Model;

/// <summary>Converts <see cref="PositionalEmbedding"/> to and from config strings.</summary>
public static class PositionalEmbeddingNames
{
    /// <summary>The config name: <c>none</c>, <c>space</c> or <c>space_time</c>.</summary>
    public static string ToOfficial(PositionalEmbedding mode) => mode switch
    {
        PositionalEmbedding.None => "none",
        PositionalEmbedding.SpaceOnly => "space",
        PositionalEmbedding.SpaceTime => "space_time",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>Parses a config name (or the enum name, case-insensitive).</summary>
    public static PositionalEmbedding FromOfficial(string name) => name.Replace("_", "").ToLowerInvariant() switch
    {
        "none" => PositionalEmbedding.None,
        "space" or "spaceonly" => PositionalEmbedding.SpaceOnly,
        "spacetime" => PositionalEmbedding.SpaceTime,
        _ => throw new FormatException($"Unknown positional embedding '{name}'; use none, space or space_time."),
    };
}
