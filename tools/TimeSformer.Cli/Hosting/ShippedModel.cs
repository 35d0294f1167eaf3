namespace TimeSformer.Cli.Hosting;

/// <summary>The model shipped with the tool: the repository's <c>onnx/*.onnx</c>, copied into the tool's
/// <c>onnx/</c> folder at build and pack time.</summary>
internal static class ShippedModel
{
    /// <summary>The file used when several models are shipped.</summary>
    public const string PreferredFileName = "timesformer-synthetic.onnx";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "onnx");

    /// <summary>The shipped model's path; throws <see cref="FileNotFoundException"/> saying to pass <c>--model</c>.</summary>
    public static string Locate()
    {
        var models = Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.onnx").Order(StringComparer.Ordinal).ToArray() : [];
        string preferred = Path.Combine(Folder, PreferredFileName);
        return models switch
        {
            [] => throw new FileNotFoundException($"No --model given and no model is shipped in '{Folder}': pass --model <model.onnx>."),
            [var only] => only,
            _ when models.Contains(preferred) => preferred,
            _ => throw new InvalidOperationException(
                $"No --model given and several models are shipped ({string.Join(", ", models.Select(Path.GetFileName))}): pass --model <model.onnx>."),
        };
    }
}
