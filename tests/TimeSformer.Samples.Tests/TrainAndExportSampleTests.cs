using System.Text.Json;
using Microsoft.ML;
using TimeSformer.MLNet;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.Samples.Tests.Fixtures;
using TimeSformer.Video.Datasets;

namespace TimeSformer.Samples.Tests;

/// <summary><c>samples/TrainAndExport</c>: what it prints must be what its files say (the trainer's log, the exported
/// model) and what the library computes again from them (the ML.NET test accuracy).</summary>
[TestClass]
public sealed class TrainAndExportSampleTests
{
    private const int Epochs = 3;

    private static string folder = "";
    private static SampleOutput output = null!;

    [ClassInitialize]
    public static void RunSample(TestContext _)
    {
        folder = SampleRunner.NewTempFolder("train");
        output = SampleRunner.Run("TrainAndExport", TimeSpan.FromMinutes(3), folder, Epochs.ToString());
    }

    [ClassCleanup]
    public static void Delete() => Directory.Delete(folder, recursive: true);

    private static string OnnxPath => Path.Combine(folder, "model.onnx");

    [TestMethod]
    public void Synthetic_FourClasses_TrainAndHeldOutTestSplits()
    {
        var data = VideoDataset.FromCsv(Path.Combine(folder, "videos", "manifest.csv"));
        var printed = output.Match(@"Videos: (\d+) train, (\d+) test \((.+)\)");
        Assert.AreEqual(data.Train.Samples.Count.ToString(), printed[0]);
        Assert.AreEqual(data.Test.Samples.Count.ToString(), printed[1]);
        Assert.AreEqual(string.Join(", ", data.Labels), printed[2]);
        Assert.HasCount(4, data.Labels);
        Assert.IsGreaterThan(0, data.Test.Samples.Count);
    }

    [TestMethod]
    public void Epochs_EachPrinted_AsInTheTrainersLog()
    {
        var log = File.ReadAllLines(Path.Combine(folder, "run", "training-log.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var printed = output.Matches(@"Epoch (\d+): loss (\S+), accuracy (\S+)");
        Assert.HasCount(Epochs, printed);
        Assert.HasCount(Epochs, log);
        for (int i = 0; i < Epochs; i++)
        {
            Assert.AreEqual((i + 1).ToString(), printed[i][0]);
            double loss = SampleOutput.Parse(printed[i][1]), accuracy = SampleOutput.Parse(printed[i][2]);
            Assert.AreEqual(log[i].GetProperty("train_loss").GetDouble(), loss, 5e-5, $"epoch {i + 1}");
            Assert.AreEqual(log[i].GetProperty("train_accuracy").GetDouble(), accuracy, 5e-5, $"epoch {i + 1}");
            Assert.IsTrue(loss > 0 && double.IsFinite(loss), $"epoch {i + 1} loss {loss}");
            Assert.IsTrue(accuracy is >= 0 and <= 1, $"epoch {i + 1} accuracy {accuracy}");
        }
    }

    [TestMethod]
    public void Onnx_Exported_TinyModelWithTheSetsLabelsAndOfficialParameterCount()
    {
        Assert.AreEqual($"ONNX: {OnnxPath}", output.Lines.Single(l => l.StartsWith("ONNX: ", StringComparison.Ordinal)));
        var metadata = VideoModelReader.Read(OnnxPath);
        CollectionAssert.AreEqual(VideoDataset.FromCsv(Path.Combine(folder, "videos", "manifest.csv")).Labels.ToArray(), metadata.Labels.ToArray());
        Assert.AreEqual(4, metadata.Clip.Frames);
        Assert.AreEqual(32, metadata.Clip.Size);
        Assert.AreEqual(OfficialParameterCount.Of(metadata.ConfigJson), (long)output.Number(@"Parameters: (\d+)"));
    }

    [TestMethod]
    public void MLNetAccuracy_TestSplit_AccuracyOfVideoEvaluator()
    {
        var test = VideoDataset.FromCsv(Path.Combine(folder, "videos", "manifest.csv")).Test;
        var expected = VideoEvaluator.Evaluate(new MLContext(seed: 0), OnnxPath, test.Samples.Select(s => (s.Location, s.Label)));
        Assert.AreEqual(expected.Metrics.MicroAccuracy, output.Number(@"ML\.NET test accuracy: (\S+)"), 5e-5);
    }
}
