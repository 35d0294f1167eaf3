using OpenCvSharp;
using TimeSformer.Contract;

namespace TimeSformer.MLNet.Tests.Fixtures;

/// <summary>Files shared by the tests, made once per run in a temporary folder: three colour videos, a file that is
/// not a video, and a tiny model that tells the colours apart.</summary>
[TestClass]
public static class TestData
{
    public static readonly string[] Labels = ["red", "green", "blue"];

    /// <summary>Rows are the clip's R, G, B channel means, columns the classes: logit k = mean of channel k.</summary>
    public static readonly float[,] Weights = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };

    public static readonly ClipSpec Spec = new() { Frames = 4, Size = 32, ShortSide = 32 };

    public static string Directory { get; private set; } = "";
    public static string Red { get; private set; } = "";
    public static string Green { get; private set; } = "";
    public static string Blue { get; private set; } = "";
    public static string NotAVideo { get; private set; } = "";
    public static string Missing { get; private set; } = "";
    public static string ModelPath { get; private set; } = "";

    public static VideoModelMetadata Metadata => new() { Clip = Spec, Labels = Labels };

    [AssemblyInitialize]
    public static void Create(TestContext _)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tsf-mlnet-tests-").FullName;
        Red = TestVideos.Write(Directory, "red", new Scalar(30, 30, 220));
        Green = TestVideos.Write(Directory, "green", new Scalar(30, 220, 30));
        Blue = TestVideos.Write(Directory, "blue", new Scalar(220, 30, 30), frames: 20);
        NotAVideo = TestVideos.WriteNotAVideo(Directory);
        Missing = Path.Combine(Directory, "missing.avi");
        ModelPath = Path.Combine(Directory, "tiny.onnx");
        TinyVideoModel.Write(ModelPath, Metadata, Weights);
    }

    /// <summary>Deletes the files unless TSF_KEEP_TEST_FILES is set (to look at the reports the tests write).</summary>
    [AssemblyCleanup]
    public static void Delete()
    {
        if (Environment.GetEnvironmentVariable("TSF_KEEP_TEST_FILES") is null) System.IO.Directory.Delete(Directory, recursive: true);
    }

    public static string TempPath(string name) => Path.Combine(Directory, Guid.NewGuid().ToString("N") + "-" + name);
}
