using System.CommandLine;

namespace TimeSformer.Cli.Arguments;

/// <summary>The <c>--force</c> option of the verbs that would otherwise refuse to replace what <c>--output</c> holds.</summary>
internal static class ForceOption
{
    /// <summary>A <c>--force</c> option; <paramref name="what"/> names what is replaced (e.g. "an existing .onnx model").</summary>
    public static Option<bool> Create(string what) =>
        new("--force") { Description = $"Replace {what} in --output; without it, it is never overwritten." };
}
