using System.Text.Json;
using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

[TestClass]
public sealed class PredictCommandTests
{
    private static string[] Videos(int count) =>
        [.. Directory.GetFiles(CliFixture.DataFolder, "*.avi", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(count)];

    [TestMethod]
    public void Predict_Json_HasLabelAndTopKPerVideo()
    {
        var videos = Videos(2);
        var result = CliRunner.Run(["predict", .. videos, "--model", CliFixture.Model, "--json", "--top-k", "3"]);
        CliAssert.Succeeded(result);
        using var json = JsonDocument.Parse(result.StdOut);
        var predictions = json.RootElement.EnumerateArray().ToList();
        Assert.AreEqual(2, predictions.Count);
        string[] labels = ["move_down", "move_left", "move_right", "move_up"];
        for (int i = 0; i < 2; i++)
        {
            var p = predictions[i];
            Assert.AreEqual(videos[i], p.GetProperty("video").GetString());
            var top = p.GetProperty("top_k").EnumerateArray().ToList();
            Assert.AreEqual(3, top.Count);
            Assert.AreEqual(top[0].GetProperty("label").GetString(), p.GetProperty("label").GetString());
            Assert.AreEqual(top[0].GetProperty("probability").GetSingle(), p.GetProperty("probability").GetSingle());
            CollectionAssert.IsSubsetOf(top.Select(t => t.GetProperty("label").GetString()).ToArray(), labels);
            var probabilities = top.Select(t => t.GetProperty("probability").GetSingle()).ToArray();
            CollectionAssert.AreEqual(probabilities.OrderDescending().ToArray(), probabilities, "Most probable first.");
            Assert.IsTrue(probabilities.Sum() <= 1.0001f && probabilities.Min() > 0);
        }
    }

    [TestMethod]
    public void Predict_Text_PrintsOneLinePerVideoWithTopK()
    {
        var videos = Videos(1);
        var result = CliRunner.Run("predict", videos[0], "--model", CliFixture.Model);
        CliAssert.Succeeded(result);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(2, lines.Length, result.StdOut);
        StringAssert.StartsWith(lines[0], $"{videos[0]}: move_");
        Assert.AreEqual(3, lines[1].Split(", ").Length, "Top 3 by default.");
    }

    [TestMethod]
    public void Predict_Folder_ScoresEveryContainerAndSkipsHiddenFiles()
    {
        string folder = CliFixture.NewFolder("predict-library");
        string video = Videos(1)[0];
        string Copy(string relative)
        {
            string path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(video, path);
            return path;
        }
        string[] scored = [Copy("a.avi"), Copy(Path.Combine("phone", "IMG_0001.MOV")), Copy(Path.Combine("cam", "00001.MTS"))];
        Copy("._a.avi");
        Copy(Path.Combine(".thumbnails", "a.avi"));
        var result = CliRunner.Run("predict", folder, "--model", CliFixture.Model, "--json");
        CliAssert.Succeeded(result);
        using var json = JsonDocument.Parse(result.StdOut);
        CollectionAssert.AreEqual(scored.Order(StringComparer.Ordinal).ToArray(),
            json.RootElement.EnumerateArray().Select(p => p.GetProperty("video").GetString()).ToArray());
    }

    [TestMethod]
    public void Predict_CorruptVideo_ExitsOneWithOneLine()
    {
        string video = CliFixture.CorruptVideo();
        var result = CliRunner.Run("predict", video, "--model", CliFixture.Model);
        CliAssert.FailedWithOneLine(result, $"Cannot decode video '{video}'");
    }

    [TestMethod]
    public void Predict_TimeFragment_ClassifiesThatSegment()
    {
        string video = Videos(1)[0];
        var result = CliRunner.Run("predict", video + "#t=0,0.2", video + "#t=9,10", "--model", CliFixture.Model, "--json");
        Assert.AreEqual(1, result.ExitCode, "The second segment lies past the end of the clip.");
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.AreEqual(video + "#t=0,0.2", json.RootElement.EnumerateArray().Single().GetProperty("video").GetString());
        StringAssert.Contains(result.StdErr, "the segment 9-10 s lies outside the video");
    }

    [TestMethod]
    public void Predict_MissingVideo_ExitsOneWithOneLine()
    {
        var result = CliRunner.Run("predict", "/no/such/clip.avi", "--model", CliFixture.Model);
        CliAssert.FailedWithOneLine(result, "Cannot decode video '/no/such/clip.avi': the file does not exist.");
    }

    [TestMethod]
    public void Predict_ModelWithoutOurMetadata_ExitsOneWithOneLine()
    {
        string model = CliFixture.ForeignModel();
        var result = CliRunner.Run("predict", Videos(1)[0], "--model", model);
        CliAssert.FailedWithOneLine(result, model, "'labels'");
    }

    [TestMethod]
    public void Predict_NoVideo_ExitsWithUsageCode()
    {
        var result = CliRunner.Run("predict", "--model", CliFixture.Model);
        CliAssert.UsageError(result, "Required argument missing for command: 'predict'");
    }
}
