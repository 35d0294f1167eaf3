using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TimeSformer.Contract;
using TimeSformer.MLNet;
using TimeSformer.Samples.Tests.Fixtures;

namespace TimeSformer.Samples.Tests;

/// <summary><c>samples/ImportOfficialCheckpoint</c> on the repository's official reference checkpoint: the model it
/// exports must give the official logits, carry the labels given, and score the video as the sample says.</summary>
[TestClass]
public sealed class ImportOfficialCheckpointSampleTests
{
    private const string Fixture = "tests/fixtures/reference/tiny_divided_space_time";
    private const string Video = "data/samples/move_left.avi";
    private static readonly string[] Labels = ["class a", "class b", "class c", "class d", "class e"];

    private static string folder = "";
    private static string onnx = "";
    private static SampleOutput output = null!;

    [ClassInitialize]
    public static void RunSample(TestContext _)
    {
        folder = SampleRunner.NewTempFolder("import");
        onnx = Path.Combine(folder, "imported.onnx");
        string labels = Path.Combine(folder, "labels.txt");
        File.WriteAllLines(labels, Labels);
        output = SampleRunner.Run("ImportOfficialCheckpoint", TimeSpan.FromMinutes(2),
            Fixture + ".pyth", Fixture + ".json", Video, labels, onnx);
    }

    [ClassCleanup]
    public static void Delete() => Directory.Delete(folder, recursive: true);

    [TestMethod]
    public void Onnx_FixtureInput_ReproducesOfficialLogits()
    {
        string fixture = Path.Combine(SampleRunner.RepositoryRoot, Fixture);
        using var json = JsonDocument.Parse(File.ReadAllText(fixture + ".json"));
        float[][] official = [.. json.RootElement.GetProperty("logits").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
        // The fixture clip is official layout [B, C, T, H, W]; the exported model takes [B, T, C, H, W].
        var bcthw = new DenseTensor<float>(ReadFloats(fixture + ".input.f32"), [2, 3, 4, 32, 32]);
        var btchw = new DenseTensor<float>([2, 4, 3, 32, 32]);
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++)
                for (int t = 0; t < 4; t++)
                    for (int y = 0; y < 32; y++)
                        for (int x = 0; x < 32; x++)
                            btchw[b, t, c, y, x] = bcthw[b, c, t, y, x];

        using var session = new InferenceSession(onnx);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxSignature.InputName, btchw)]);
        var logits = results.Single(r => r.Name == "logits").AsTensor<float>();
        for (int b = 0; b < 2; b++)
            for (int k = 0; k < 5; k++)
                Assert.AreEqual(official[b][k], logits[b, k], 1e-4f, $"clip {b}, class {k}");
    }

    [TestMethod]
    public void Onnx_Exported_LabelsGivenClipOfConfigAndOfficialParameterCount()
    {
        var metadata = VideoModelReader.Read(onnx);
        CollectionAssert.AreEqual(Labels, metadata.Labels.ToArray());
        Assert.AreEqual(4, metadata.Clip.Frames);
        Assert.AreEqual(32, metadata.Clip.Size);
        // The official models' normalisation.
        CollectionAssert.AreEqual(new[] { 0.45f, 0.45f, 0.45f }, metadata.Clip.Mean.ToArray());
        CollectionAssert.AreEqual(new[] { 0.225f, 0.225f, 0.225f }, metadata.Clip.Std.ToArray());
        CollectionAssert.AreEqual(new[] { "4", "32", "5" }, output.Match(@"ONNX: .+ \((\d+) frames of (\d+) px, (\d+) classes\)"));
        string config = File.ReadAllText(Path.Combine(SampleRunner.RepositoryRoot, Fixture + ".json"));
        Assert.AreEqual(OfficialParameterCount.Of(config), (long)output.Number(@"Parameters: (\d+)"));
    }

    [TestMethod]
    public void Predicted_MoveLeftClip_TopThreeOfTheTestsOwnScores()
    {
        var expected = LibraryScoring.TopK(onnx, Path.Combine(SampleRunner.RepositoryRoot, Video), 3);
        output.AssertTopK(expected);
        Assert.AreEqual($"Predicted: {Video} -> {expected[0].Label}", output.Lines.Single(l => l.StartsWith("Predicted: ", StringComparison.Ordinal)));
    }

    private static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var floats = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        return floats;
    }
}
