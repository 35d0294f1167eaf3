using OpenCvSharp;
using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

[TestClass]
public sealed class SynthPhotosCommandTests
{
    [TestMethod]
    public void SynthPhotos_SceneMotion_WritesKindTimesMotionClassesWithWholePhotosHeldOut()
    {
        string photos = Photos("flower", "water");
        string output = CliFixture.NewFolder("synth-photos");
        var result = CliRunner.Run("synth-photos", "--images", photos, "--set", "scene-motion", "--motions", "pan_left,zoom_in",
            "--output", output, "--clips-per-class", "2", "--width", "48", "--height", "36", "--min-frames", "6", "--max-frames", "6",
            "--fps", "10", "--seed", "2");

        CliAssert.Succeeded(result);
        CliAssert.Plain(result.StdOut);
        StringAssert.Contains(result.StdOut, "Wrote 8 clips (4 classes x 2, 48x36 px, 4 photographs; 4 train, 4 test from 2 held-out photographs)");
        var rows = File.ReadAllLines(Path.Combine(output, "manifest.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        CollectionAssert.AreEquivalent(new[] { "flower_pan_left", "flower_zoom_in", "water_pan_left", "water_zoom_in" }, rows.Select(r => r[1]).Distinct().ToArray());
        var testPhotos = rows.Where(r => r[2] == "test").Select(r => r[3]).ToHashSet();
        Assert.IsFalse(rows.Any(r => r[2] == "train" && testPhotos.Contains(r[3])), "A photograph is on both sides of the split.");
        using var reader = new Video.VideoReader(Path.Combine(output, rows[0][0]));
        Assert.AreEqual(48, reader.Width);
        Assert.AreEqual(10, reader.Fps, 1e-3);
        Assert.AreEqual(6, reader.CountFrames());
    }

    [TestMethod]
    public void SynthPhotos_MissingImageFolder_OneErrorLineNamingIt()
    {
        string missing = Path.Combine(CliFixture.Root, "no-such-photos");
        var result = CliRunner.Run("synth-photos", "--images", missing, "--output", CliFixture.NewFolder("synth-photos-bad"));
        CliAssert.FailedWithOneLine(result, 1, $"Image folder '{missing}' does not exist.");
    }

    [TestMethod]
    [DataRow("--motions", "pan_left,spin", "--motions: Unknown camera motion 'spin'; expected one of pan_left, pan_right, pan_up, pan_down, zoom_in, zoom_out, roll_cw, roll_ccw.")]
    [DataRow("--set", "objects", "Argument 'objects' not recognized. Must be one of:")]
    [DataRow("--max-speed", "2", "--max-speed must be between 0.05 and 1, was 2.")]
    public void SynthPhotos_BadOption_ExitsWithUsageCode(string option, string value, string message)
    {
        var result = CliRunner.Run("synth-photos", "--images", CliFixture.Root, "--output", CliFixture.NewFolder("synth-photos-bad"), option, value);
        CliAssert.FailedWithOneLine(result, 2, message);
    }

    // Two made-up photographs (blurred random textures) in each kind folder.
    private static string Photos(params string[] kinds)
    {
        string root = CliFixture.NewFolder("photos");
        int seed = 0;
        foreach (string kind in kinds)
        {
            Directory.CreateDirectory(Path.Combine(root, kind));
            for (int i = 0; i < 2; i++)
            {
                var pixels = new byte[120 * 160 * 3];
                new Random(++seed).NextBytes(pixels);
                using var noise = Mat.FromPixelData(120, 160, MatType.CV_8UC3, pixels);
                using var texture = new Mat();
                Cv2.GaussianBlur(noise, texture, new Size(0, 0), 3);
                Cv2.ImWrite(Path.Combine(root, kind, $"photo{i}.png"), texture);
            }
        }
        return root;
    }
}
