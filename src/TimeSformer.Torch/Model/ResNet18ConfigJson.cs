using System.Text.Json;
using System.Text.Json.Nodes;

namespace TimeSformer.Torch.Model;

/// <summary>Reads the JSON configurations of the models on the pretrained ResNet18 (<see cref="ResNet18GruOptions"/>,
/// <see cref="ResNet18TimeSformerOptions"/>): the object, the backbone check, typed values with defaults, and one
/// <see cref="FormatException"/> for any malformed value.</summary>
internal static class ResNet18ConfigJson
{
    /// <summary>Parses <paramref name="json"/>, checks that it names no backbone but ResNet18, and reads it with
    /// <paramref name="read"/>; <paramref name="model"/> names the model in messages.</summary>
    /// <exception cref="FormatException">The text is not a JSON object, names another backbone, or a value has the
    /// wrong type.</exception>
    public static T Read<T>(string json, string model, Func<JsonObject, T> read)
    {
        JsonObject node;
        try
        {
            node = JsonNode.Parse(json) as JsonObject ?? throw new FormatException($"{model} config must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{model} config is not valid JSON: {e.Message}", e);
        }
        if (node["backbone"] is JsonValue b && b.GetValue<string>() != "resnet18")
            throw new FormatException($"{model} config names backbone '{b}'; only resnet18 is known.");
        try
        {
            return read(node);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"{model} config has a value of the wrong type: {e.Message}", e);
        }
    }

    /// <summary>The integer at <paramref name="key"/>, or <paramref name="fallback"/> when absent.</summary>
    public static int Int(this JsonObject node, string key, int fallback) => node[key] is JsonValue v ? v.GetValue<int>() : fallback;

    /// <summary>The number at <paramref name="key"/>, or <paramref name="fallback"/> when absent.</summary>
    public static double Double(this JsonObject node, string key, double fallback) => node[key] is JsonValue v ? v.GetValue<double>() : fallback;

    /// <summary>The boolean at <paramref name="key"/>, or <paramref name="fallback"/> when absent.</summary>
    public static bool Bool(this JsonObject node, string key, bool fallback) => node[key] is JsonValue v ? v.GetValue<bool>() : fallback;

    /// <summary>The numbers at <paramref name="key"/>, or <paramref name="fallback"/> when absent.</summary>
    public static IReadOnlyList<float> Floats(this JsonObject node, string key, IReadOnlyList<float> fallback) =>
        node[key] is JsonArray a ? [.. a.Select(v => v!.GetValue<float>())] : fallback;
}
