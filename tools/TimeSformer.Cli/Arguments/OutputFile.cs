using System.CommandLine;
using TimeSformer.Cli.Hosting;
namespace TimeSformer.Cli.Arguments;

/// <summary>Checks, before any work, the file a command writes (<c>export</c>'s model, <c>import</c>'s checkpoint): it
/// must have the right extension, must not be one of the command's inputs, and replaces an existing file only when
/// told (<c>--force</c>), so a trained model is never overwritten by mistake.</summary>
internal static class OutputFile
{
    /// <summary>Throws <see cref="UsageException"/> saying what to do when <paramref name="output"/> is a folder, lacks
    /// <paramref name="extension"/>, is one of <paramref name="inputs"/>, or exists without <paramref name="force"/>.</summary>
    /// <param name="output">The file to write.</param>
    /// <param name="extension">Its required extension, e.g. <c>.onnx</c>.</param>
    /// <param name="force">Whether an existing file may be replaced.</param>
    /// <param name="inputs">The command's input files (null entries are ignored).</param>
    public static void Require(string output, string extension, bool force, params string?[] inputs)
    {
        if (Directory.Exists(output))
            throw new UsageException($"--output '{output}' is a folder; give the path of the {extension} file to write.");
        if (!output.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--output '{output}' must end in {extension}.");
        string target = Resolved(output);
        if (inputs.OfType<string>().FirstOrDefault(input => string.Equals(Resolved(input), target, StringComparison.Ordinal)) is { } same)
            throw new UsageException($"--output '{output}' is the input '{same}': writing it would destroy the input; choose another file.");
        if (File.Exists(output) && !force)
            throw new UsageException($"--output '{output}' exists; pass --force to replace it, or choose another file.");
    }

    // The file a path ends at, through symbolic links, so that a link to the input counts as the input.
    private static string Resolved(string path)
    {
        var file = new FileInfo(path);
        try
        {
            return file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
        }
        catch (IOException)
        {
            return file.FullName;
        }
    }

    /// <summary>Refuses, before any work, an output that is an input, lacks <paramref name="extension"/>, or exists
    /// without <c>--force</c> (<see cref="OutputFile"/>).</summary>
    public static void Require(ParseResult parse, string path, string extension, Option<bool> force, params Option<FileInfo?>[] inputs) =>
        OutputFile.Require(path, extension, parse.GetValue(force), [.. inputs.Select(i => parse.GetValue(i)?.FullName)]);
}
