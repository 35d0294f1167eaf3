using OpenCvSharp;
using TimeSformer.Video.Datasets;
using TimeSformer.Video.Photographic;
using TimeSformer.Video.Tests.Fixtures;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class PhotoBenchmarkTests
{
    private const double Speed = 0.3;
    private const int FrameWidth = 96;
    private const int FrameHeight = 72;

    private static readonly PhotoBenchmarkOptions Small = new()
    {
        ClipsPerClass = 4, Width = 64, Height = 48, MinFrames = 8, MaxFrames = 10, MinSpeed = Speed, MaxSpeed = Speed, Seed = 3,
    };

    [TestMethod]
    public void Camera_Folder_WritesEightClassesAndHoldsWholePhotosOut()
    {
        string photos = PhotoFolders.Create("camera", 4);
        var set = PhotoBenchmark.Generate(photos, Path.Combine(TestVideos.Folder, "photo-camera"), Small);

        var manifest = VideoDataset.FromCsv(set.ManifestPath);
        CollectionAssert.AreEqual(CameraMotionNames.All.Order(StringComparer.Ordinal).ToArray(), manifest.Labels.ToArray());
        Assert.HasCount(32, manifest.Samples);
        Assert.IsTrue(manifest.Samples.All(s => File.Exists(s.Path)));
        Assert.IsEmpty(Directory.GetFiles(set.Root, "*.partial*", SearchOption.AllDirectories));
        var testPhotos = manifest.Test.Samples.Select(s => s.Group).Distinct().ToList();
        Assert.HasCount(1, testPhotos, "A quarter of four photographs is held out.");
        Assert.HasCount(8, manifest.Test.Samples, "The held-out photograph has one clip per class.");
        Assert.IsFalse(manifest.Train.Samples.Any(s => testPhotos.Contains(s.Group)), "A photograph is on both sides of the split.");
        StringAssert.EndsWith(set.PathOf(set.Clips[0]), Path.Combine("pan_left", "v_pan_left_s01_c01.avi"));
        using var reader = new VideoReader(set.PathOf(set.Clips[0]));
        Assert.AreEqual(64, reader.Width);
        Assert.AreEqual(48, reader.Height);
        Assert.AreEqual(set.Clips[0].FrameCount, reader.CountFrames());
    }

    [TestMethod]
    public void SceneMotion_KindFolders_CrossKindsWithMotionsAndHoldOutPhotosOfEveryKind()
    {
        string photos = PhotoFolders.Create("scene", 3, kinds: ["flower", "leaf", "water"]);
        var options = Small with { Set = PhotoBenchmarkSet.SceneMotion, ClipsPerClass = 3 };
        var set = PhotoBenchmark.Generate(photos, Path.Combine(TestVideos.Folder, "photo-scene"), options);

        var manifest = VideoDataset.FromCsv(set.ManifestPath);
        Assert.HasCount(12, manifest.Labels);
        CollectionAssert.IsSubsetOf(new[] { "flower_pan_left", "leaf_zoom_out", "water_pan_right", "water_zoom_in" }, manifest.Labels.ToArray());
        Assert.HasCount(36, manifest.Samples);
        foreach (string kind in new[] { "flower", "leaf", "water" })
        {
            var samples = manifest.Samples.Where(s => s.Label.StartsWith(kind + "_", StringComparison.Ordinal)).ToList();
            var train = samples.Where(s => s.Split == VideoDataset.TrainSplit).Select(s => s.Group).ToHashSet();
            var test = samples.Where(s => s.Split == VideoDataset.TestSplit).Select(s => s.Group).ToHashSet();
            Assert.IsNotEmpty(train, kind);
            Assert.IsNotEmpty(test, kind);
            Assert.IsFalse(train.Overlaps(test), $"A {kind} photograph is on both sides of the split.");
            Assert.IsTrue(samples.All(s => s.Group!.StartsWith(kind + "/", StringComparison.Ordinal)), "The group is the photograph's path.");
        }
    }

    [TestMethod]
    // Content shift in frame pixels (x, y): opposite to the camera's motion.
    [DataRow(CameraMotion.PanLeft, 1, 0)]
    [DataRow(CameraMotion.PanRight, -1, 0)]
    [DataRow(CameraMotion.PanUp, 0, 1)]
    [DataRow(CameraMotion.PanDown, 0, -1)]
    public void Pan_DecodedFrames_ContentMovesOppositeToTheCamera(CameraMotion motion, int signX, int signY)
    {
        var (first, later, fraction) = DecodedFrames(motion, "pan");
        using (first)
        using (later)
        {
            using var a = Gray(first);
            using var b = Gray(later);
            using var window = new Mat();
            var shift = Cv2.PhaseCorrelate(a, b, window, out _);
            double expected = Speed * fraction * (signX != 0 ? FrameWidth : FrameHeight);
            Assert.AreEqual(signX * expected, shift.X, 1.5, $"{motion}: x shift {shift}");
            Assert.AreEqual(signY * expected, shift.Y, 1.5, $"{motion}: y shift {shift}");
        }
    }

    [TestMethod]
    // Zoom: the content grows (in) or shrinks (out) by 1 + speed over the clip.
    [DataRow(CameraMotion.ZoomIn, 0.0, 1 + Speed)]
    [DataRow(CameraMotion.ZoomOut, 0.0, 1 / (1 + Speed))]
    // Roll: the camera turns clockwise, so the content turns anticlockwise (a positive OpenCV angle), by 90 x speed degrees.
    [DataRow(CameraMotion.RollClockwise, 90 * Speed, 1.0)]
    [DataRow(CameraMotion.RollCounterclockwise, -90 * Speed, 1.0)]
    public void ZoomAndRoll_LastFrame_IsTheFirstScaledOrTurnedTheNamedWay(CameraMotion motion, double angle, double scale)
    {
        var (first, last, _) = DecodedFrames(motion, "zoom-roll", lastFrame: true);
        using (first)
        using (last)
        {
            using var namedWay = Transformed(first, angle, scale);
            using var otherWay = Transformed(first, -angle, 1 / scale);
            double named = Difference(namedWay, last), opposite = Difference(otherWay, last), still = Difference(first, last);
            Assert.IsLessThan(opposite / 2, named, $"{motion}: named way {named:F1}, opposite {opposite:F1}");
            Assert.IsLessThan(still / 2, named, $"{motion}: named way {named:F1}, no motion {still:F1}");
        }
    }

    [TestMethod]
    public void Generate_SameSeed_SameClips_OtherSeed_OtherClips()
    {
        string photos = PhotoFolders.Create("seed", 2);
        var options = Small with { ClipsPerClass = 2 };
        var a = PhotoBenchmark.Generate(photos, Path.Combine(TestVideos.Folder, "photo-seed-a"), options);
        var b = PhotoBenchmark.Generate(photos, Path.Combine(TestVideos.Folder, "photo-seed-b"), options);
        var other = PhotoBenchmark.Plan(photos, options with { Seed = 4 });

        CollectionAssert.AreEqual(
            File.ReadAllLines(a.ManifestPath).Select(l => l.Replace("photo-seed-a", "")).ToArray(),
            File.ReadAllLines(b.ManifestPath).Select(l => l.Replace("photo-seed-b", "")).ToArray());
        CollectionAssert.AreEqual(a.Clips.Select(c => (c.Start, c.End, c.FrameCount)).ToArray(), b.Clips.Select(c => (c.Start, c.End, c.FrameCount)).ToArray());
        CollectionAssert.AreEqual(File.ReadAllBytes(a.PathOf(a.Clips[5])), File.ReadAllBytes(b.PathOf(b.Clips[5])));
        Assert.IsTrue(a.Clips.Zip(other).Any(p => p.First.Start != p.Second.Start), "Another seed draws other paths.");
    }

    [TestMethod]
    public void Plan_BadFolders_ThrowOneLineNamingTheFolderOrFile()
    {
        string root = Path.Combine(TestVideos.Folder, $"photo-bad-{Guid.NewGuid():N}");
        string Message(string folder, PhotoBenchmarkOptions options) =>
            Assert.ThrowsExactly<PhotoBenchmarkException>(() => PhotoBenchmark.Plan(folder, options)).Message;

        string missing = Path.Combine(root, "missing");
        Assert.AreEqual($"Image folder '{missing}' does not exist.", Message(missing, Small));

        string empty = Path.Combine(root, "empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "no image");
        Assert.AreEqual($"Image folder '{empty}' holds no .jpg, .jpeg or .png image.", Message(empty, Small));

        string flat = PhotoFolders.Create("flat", 2);
        Assert.AreEqual($"Image folder '{flat}' holds no .jpg, .jpeg or .png image in a kind subfolder ('{flat}/<kind>/*.jpg').",
            Message(flat, Small with { Set = PhotoBenchmarkSet.SceneMotion }));

        string broken = PhotoFolders.Create("broken", 2);
        string text = Path.Combine(broken, "photo1.png");
        File.WriteAllText(text, "not an image");
        Assert.AreEqual($"Cannot read image '{text}': OpenCV decodes no picture from it.", Message(broken, Small));

        string small = PhotoFolders.Create("small", 2, 100, 100);
        Assert.AreEqual($"Image '{Path.Combine(small, "photo0.png")}' is 100x100 pixels; 64x48 frames need at least 128x96 (use a larger image or smaller frames).",
            Message(small, Small));

        string single = PhotoFolders.Create("single", 1);
        Assert.AreEqual($"Image folder '{single}' holds 1 image ('{Path.Combine(single, "photo0.png")}'); the camera set needs at least 2, "
            + "so that whole images are held out for testing.", Message(single, Small));

        string oneKind = PhotoFolders.Create("one-kind", 2, kinds: ["flower"]);
        Assert.AreEqual($"Image folder '{oneKind}' holds 1 kind ('flower'); the scene-motion set needs at least 2 kind subfolders ('<folder>/<kind>/*.jpg').",
            Message(oneKind, Small with { Set = PhotoBenchmarkSet.SceneMotion }));

        string lonely = PhotoFolders.Create("lonely", 2, kinds: ["flower", "leaf"]);
        File.Delete(Path.Combine(lonely, "leaf", "photo1.png"));
        string leaf = Path.Combine(lonely, "leaf", "photo0.png");
        Assert.AreEqual($"Kind 'leaf' has 1 image ('{leaf}'); every kind needs at least 2, so that whole images are held out for testing.",
            Message(lonely, Small with { Set = PhotoBenchmarkSet.SceneMotion }));

        string three = PhotoFolders.Create("three", 3);
        Assert.AreEqual($"2 clips per class are fewer than the 3 images in '{three}': ask for at least 3, so that every image shows every motion.",
            Message(three, Small with { ClipsPerClass = 2 }));
    }

    // The first frame and a later one (a third of the way, or the last) of the first clip of motion, decoded from an
    // MJPG file, with the fraction of the motion between them.
    private static (Mat First, Mat Later, double Fraction) DecodedFrames(CameraMotion motion, string name, bool lastFrame = false)
    {
        string photos = PhotoFolders.Create(name, 2, 480, 360);
        var set = PhotoBenchmark.Generate(photos, Path.Combine(TestVideos.Folder, $"photo-{name}-{Guid.NewGuid():N}"),
            Small with { ClipsPerClass = 2, Width = FrameWidth, Height = FrameHeight });
        var clip = set.Clips.First(c => c.Motion == motion);
        int later = lastFrame ? clip.FrameCount - 1 : (clip.FrameCount - 1) / 3;
        using var reader = new VideoReader(set.PathOf(clip));
        var frames = reader.ReadFrames([0, later]);
        return (frames[0], frames[1], (double)later / (clip.FrameCount - 1));
    }

    private static Mat Gray(Mat frame)
    {
        var gray = new Mat();
        Cv2.CvtColor(frame, gray, ColorConversionCodes.BGR2GRAY);
        gray.ConvertTo(gray, MatType.CV_64FC1);
        return gray;
    }

    // The frame turned by angle degrees (OpenCV: positive = anticlockwise on screen) and scaled about its centre.
    private static Mat Transformed(Mat frame, double angle, double scale)
    {
        using var map = Cv2.GetRotationMatrix2D(new Point2f(frame.Width / 2f, frame.Height / 2f), angle, scale);
        var result = new Mat();
        Cv2.WarpAffine(frame, result, map, frame.Size(), InterpolationFlags.Linear, BorderTypes.Reflect101);
        return result;
    }

    // Mean absolute difference over the central half, which a turn or zoom keeps inside the view.
    private static double Difference(Mat a, Mat b)
    {
        var centre = new Rect(a.Width / 4, a.Height / 4, a.Width / 2, a.Height / 2);
        using var regionA = a[centre];
        using var regionB = b[centre];
        using var difference = new Mat();
        Cv2.Absdiff(regionA, regionB, difference);
        return Cv2.Mean(difference).Val0;
    }
}
