using System.CommandLine;
using System.Text.Json.Nodes;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;

namespace TimeSformer.Cli.Arguments;

/// <summary>Reads the <c>--checkpoint</c>, <c>--config</c> and <c>--labels</c> of <c>export</c> and <c>import</c>: the
/// configuration an official or Hugging Face checkpoint needs (a JSON with official names such as <c>img_size</c>, or a
/// Hugging Face <c>config.json</c>, given or found beside the <c>.safetensors</c>) and the class labels.</summary>
internal sealed record CheckpointInput(string Path, TimeSformerOptions? Config, IReadOnlyList<string>? Labels, bool IsOurs)
{
    /// <summary>The <c>--checkpoint</c>, <c>--config</c> and <c>--labels</c> options of <c>export</c> and <c>import</c>.</summary>
    public static (Option<FileInfo?> Checkpoint, Option<FileInfo?> Config, Option<FileInfo?> Labels) CreateOptions() =>
    (
        new Option<FileInfo?>("--checkpoint") { Description = "Our .safetensors checkpoint, an official .pyth/.pth, or a Hugging Face .safetensors.", Required = true },
        new Option<FileInfo?>("--config")
        {
            Description = "Model configuration for official and Hugging Face checkpoints: JSON with the official names (img_size, patch_size, num_frames, "
                + "num_classes, embed_dim, depth, num_heads, attention_type) or a Hugging Face config.json (default: config.json beside a .safetensors).",
        },
        new Option<FileInfo?>("--labels") { Description = "Text file with one class label per line, in output order (default: the checkpoint's, or 0..N-1)." }
    );

    public static CheckpointInput Read(FileInfo checkpoint, FileInfo? config, FileInfo? labelsFile)
    {
        string path = checkpoint.FullName;
        InputFile.Require(path, "Checkpoint file");
        bool ours = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) && ModelCheckpoint.IsModelCheckpoint(path);
        string? configPath = config?.FullName;
        if (configPath is null && !ours && path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            && System.IO.Path.Combine(checkpoint.DirectoryName!, "config.json") is var beside && File.Exists(beside))
            configPath = beside;
        var (options, labels) = configPath is null ? (null, null) : ReadConfig(configPath);
        if (labelsFile is not null) labels = ReadLabels(labelsFile);
        if (options is null && !ours)
        {
            // A file that is no checkpoint at all says so before any configuration is asked for (a .safetensors one
            // already has, in IsModelCheckpoint).
            if (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) OfficialCheckpoint.CheckFormat(path);
            throw new ArgumentException($"Checkpoint '{path}' carries no configuration: pass --config <json> with the official names "
                + "(img_size, patch_size, num_frames, num_classes, embed_dim, depth, num_heads, attention_type) or a Hugging Face config.json.");
        }
        return new CheckpointInput(path, options, labels, ours);
    }

    private static (TimeSformerOptions Options, IReadOnlyList<string>? Labels) ReadConfig(string path)
    {
        InputFile.Require(path, "Config file");
        string json = File.ReadAllText(path);
        try
        {
            if (JsonNode.Parse(json) is JsonObject node && node.ContainsKey("hidden_size"))
            {
                var hf = HuggingFaceConfig.Parse(json);
                return (hf.Options, hf.Labels.Count > 0 ? hf.Labels : null);
            }
            return (TimeSformerOptions.FromOfficialJson(json), null);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"Config file '{path}' is not a model configuration: {e.Message}", e);
        }
    }

    private static string[] ReadLabels(FileInfo file)
    {
        InputFile.Require(file.FullName, "Labels file");
        var labels = File.ReadAllLines(file.FullName).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return labels.Length > 0 ? labels : throw new InvalidDataException($"Labels file '{file.FullName}' lists no label (one per line).");
    }
}
