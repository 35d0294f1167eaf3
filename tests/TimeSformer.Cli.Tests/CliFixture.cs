using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

/// <summary>One tiny synthetic set (4 classes x 4 clips of 32 px) and one tiny model trained on it (2 epochs) by the
/// CLI itself, shared by the tests; the runs that made them are the happy paths of <c>synth</c> and <c>train</c>.</summary>
[TestClass]
public static class CliFixture
{
    public static string Root { get; private set; } = "";

    public static string DataFolder => Path.Combine(Root, "data");

    public static string TrainFolder => Path.Combine(Root, "train");

    public static string Manifest => Path.Combine(DataFolder, "manifest.csv");

    public static string Model => Path.Combine(TrainFolder, "model.onnx");

    internal static CliRunner.Result Synth { get; private set; } = null!;

    internal static CliRunner.Result Train { get; private set; } = null!;

    /// <summary>The reference fixture (official checkpoint of a tiny TimeSformer) of <c>tests/fixtures/reference</c>,
    /// copied beside the test assembly by the project.</summary>
    public static string Reference(string extension) =>
        Path.Combine(AppContext.BaseDirectory, "fixtures", "reference", "tiny_divided_space_time" + extension);

    [AssemblyInitialize]
    public static void Create(TestContext _)
    {
        Root = Path.Combine(Path.GetTempPath(), $"tsf-cli-{Guid.NewGuid():N}");
        Synth = CliRunner.Run("synth", "--output", DataFolder, "--classes", "4", "--clips-per-class", "4", "--size", "32",
            "--min-frames", "8", "--max-frames", "12");
        Train = CliRunner.Run("train", "--data", DataFolder, "--output", TrainFolder, "--preset", "tiny", "--epochs", "2",
            "--batch-size", "4", "--threads", "2");
    }

    [AssemblyCleanup]
    public static void Delete()
    {
        if (Directory.Exists(Root) && Environment.GetEnvironmentVariable("TSF_KEEP_TEST_FILES") is null)
            Directory.Delete(Root, recursive: true);
    }

    /// <summary>A fresh folder under <see cref="Root"/>.</summary>
    public static string NewFolder(string name)
    {
        string path = Path.Combine(Root, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A file that has a video's name but only the first bytes of one.</summary>
    public static string CorruptVideo()
    {
        string source = Directory.GetFiles(DataFolder, "*.avi", SearchOption.AllDirectories)[0];
        string path = Path.Combine(NewFolder("corrupt"), "truncated.avi");
        File.WriteAllBytes(path, File.ReadAllBytes(source)[..2000]);
        return path;
    }

    /// <summary>An ONNX file without our metadata.</summary>
    public static string ForeignModel()
    {
        var model = new Onnx.ModelProto { IrVersion = 8, Graph = new Onnx.GraphProto { Name = "foreign" } };
        model.OpsetImport.Add(new Onnx.OperatorSetIdProto { Version = 17 });
        string path = Path.Combine(NewFolder("foreign"), "foreign.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));
        return path;
    }
}
