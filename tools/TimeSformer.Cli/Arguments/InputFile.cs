using TimeSformer.Cli.Hosting;
using TimeSformer.MLNet;

namespace TimeSformer.Cli.Arguments;

/// <summary>Checks a file a command reads (model, checkpoint, config, labels) before it is parsed, so that the one
/// line says what is wrong with the path rather than what a parser made of it.</summary>
internal static class InputFile
{
    /// <summary>Throws when <paramref name="path"/> is a folder (<see cref="UsageException"/>), is missing
    /// (<see cref="FileNotFoundException"/>) or is empty (<see cref="InvalidDataException"/>).</summary>
    /// <param name="path">The file's full path.</param>
    /// <param name="what">What it is, capitalised, e.g. "Model file".</param>
    public static void Require(string path, string what)
    {
        if (Directory.Exists(path))
            throw new UsageException($"{what} '{path}' is a folder; give the file.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{what} '{path}' does not exist.", path);
        if (new FileInfo(path).Length == 0)
            throw new InvalidDataException($"{what} '{path}' is empty (0 bytes): it was not written completely; use another copy.");
    }

    /// <summary>Checks a model file before scoring: <see cref="Require"/>, then its header and signature
    /// (<see cref="VideoModelReader.Read"/>, which reads a few kilobytes, not the weights).</summary>
    public static void RequireModel(string path)
    {
        Require(path, "Model file");
        VideoModelReader.Read(path);
    }
}
