using System.Text.Json;
using System.Text.Json.Serialization;

namespace TimeSformer.Cli.Hosting;

/// <summary>JSON settings for everything the CLI prints with <c>--json</c>: snake_case names, indented.</summary>
internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
