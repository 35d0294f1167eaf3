using System.Text.RegularExpressions;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>
/// Maps Hugging Face <c>TimesformerForVideoClassification</c> parameter names to the official (our) names, e.g.
/// <c>timesformer.encoder.layer.3.temporal_dense.weight</c> to <c>blocks.3.temporal_fc.weight</c>.
/// </summary>
public static partial class HuggingFaceNames
{
    private static readonly Dictionary<string, string> Embeddings = new()
    {
        ["timesformer.embeddings.cls_token"] = "cls_token",
        ["timesformer.embeddings.position_embeddings"] = "pos_embed",
        ["timesformer.embeddings.time_embeddings"] = "time_embed",
        ["timesformer.embeddings.patch_embeddings.projection.weight"] = "patch_embed.proj.weight",
        ["timesformer.embeddings.patch_embeddings.projection.bias"] = "patch_embed.proj.bias",
        ["timesformer.layernorm.weight"] = "norm.weight",
        ["timesformer.layernorm.bias"] = "norm.bias",
        ["classifier.weight"] = "head.weight",
        ["classifier.bias"] = "head.bias",
    };

    // Module path inside encoder.layer.N, Hugging Face -> official.
    private static readonly Dictionary<string, string> BlockModules = new()
    {
        ["layernorm_before"] = "norm1",
        ["attention.attention.qkv"] = "attn.qkv",
        ["attention.output.dense"] = "attn.proj",
        ["temporal_layernorm"] = "temporal_norm1",
        ["temporal_attention.attention.qkv"] = "temporal_attn.qkv",
        ["temporal_attention.output.dense"] = "temporal_attn.proj",
        ["temporal_dense"] = "temporal_fc",
        ["layernorm_after"] = "norm2",
        ["intermediate.dense"] = "mlp.fc1",
        ["output.dense"] = "mlp.fc2",
    };

    /// <summary>Whether <paramref name="key"/> looks like a Hugging Face Timesformer name.</summary>
    public static bool IsHuggingFace(string key) =>
        key.StartsWith("timesformer.", StringComparison.Ordinal) || key.StartsWith("classifier.", StringComparison.Ordinal);

    /// <summary>The official name of <paramref name="key"/>, or null when the key has no official counterpart.</summary>
    public static string? ToOfficial(string key)
    {
        if (Embeddings.TryGetValue(key, out var name)) return name;
        var match = LayerKey().Match(key);
        return match.Success && BlockModules.TryGetValue(match.Groups["module"].Value, out var module)
            ? $"blocks.{match.Groups["index"].Value}.{module}.{match.Groups["param"].Value}"
            : null;
    }

    [GeneratedRegex(@"^timesformer\.encoder\.layer\.(?<index>\d+)\.(?<module>.+)\.(?<param>weight|bias)$")]
    private static partial Regex LayerKey();
}
