using Microsoft.ML;
using Microsoft.ML.Data;
using TimeSformer.Contract;
using TimeSformer.MLNet.Tests.Fixtures;
using TimeSformer.Video;

namespace TimeSformer.MLNet.Tests;

[TestClass]
public sealed class LoadVideoClipsTests
{
    private static IDataView Paths(MLContext ml, params string[] paths) =>
        ml.Data.LoadFromEnumerable(paths.Select(p => new VideoRow { VideoPath = p }));

    private static float[][] Clips(IDataView data, string column = "Clip") => [.. data.GetColumn<float[]>(column)];

    [TestMethod]
    public void LoadVideoClips_SameFile_EqualsClipLoaderExactly()
    {
        var ml = new MLContext(seed: 1);
        var data = Paths(ml, TestData.Red, TestData.Blue);
        var transformer = ml.Transforms.LoadVideoClips("Clip", "VideoPath", TestData.Spec).Fit(data);
        var clips = Clips(transformer.Transform(data));
        var loader = new ClipLoader(TestData.Spec);
        Assert.AreEqual(("Clip", "VideoPath"), transformer.Columns);
        Assert.AreEqual(TestData.Spec, transformer.Options.Spec);
        Assert.AreEqual(2, clips.Length);
        Assert.AreEqual(TestData.Spec.ValueCount, clips[0].Length);
        CollectionAssert.AreEqual(loader.Load(TestData.Red), clips[0]);
        CollectionAssert.AreEqual(loader.Load(TestData.Blue), clips[1]);
    }

    [TestMethod]
    public void LoadVideoClips_TimeFragmentInThePath_LoadsThatSegmentLikeClipLoader()
    {
        // Blue: 20 frames at 10 fps with a square moving right, so the first second looks unlike the whole video.
        var ml = new MLContext(seed: 1);
        string firstSecond = new VideoSegment(0, 1).AppendTo(TestData.Blue);
        var data = Paths(ml, TestData.Blue, firstSecond);
        var clips = Clips(ml.Transforms.LoadVideoClips("Clip", "VideoPath", TestData.Spec).Fit(data).Transform(data));
        var loader = new ClipLoader(TestData.Spec);
        CollectionAssert.AreEqual(loader.Load(firstSecond), clips[1]);
        CollectionAssert.AreNotEqual(clips[0], clips[1]);
    }

    [TestMethod]
    public void LoadVideoClips_ThreeViews_ConcatenatesViewClipsInOrder()
    {
        var ml = new MLContext(seed: 1);
        var views = ClipView.Grid(1, 3);
        var options = new VideoClipLoadingOptions { Spec = TestData.Spec, Views = views };
        var data = Paths(ml, TestData.Green);
        var clip = Clips(ml.Transforms.LoadVideoClips("Clip", "VideoPath", options).Fit(data).Transform(data))[0];
        var loader = new ClipLoader(TestData.Spec);
        float[] expected = [.. views.SelectMany(v => loader.Load(TestData.Green, v))];
        Assert.AreEqual(3 * TestData.Spec.ValueCount, clip.Length);
        CollectionAssert.AreEqual(expected, clip);
        CollectionAssert.AreNotEqual(loader.Load(TestData.Green, views[0]), loader.Load(TestData.Green, views[2]),
            "the start and end crops should differ, or this test proves nothing");
    }

    [TestMethod]
    public void LoadVideoClips_SaveAndLoadTwoSpecs_EachModelKeepsItsSpec()
    {
        var ml = new MLContext(seed: 1);
        var data = Paths(ml, TestData.Red);
        ClipSpec small = new() { Frames = 2, Size = 16, ShortSide = 24, Fit = FrameFit.Stretch, Mean = [0.5f, 0.4f, 0.3f], Std = [0.2f, 0.25f, 0.3f] };
        var zips = new[] { TestData.Spec, small }.Select(spec =>
        {
            string zip = TestData.TempPath("clips.zip");
            ml.Model.Save(ml.Transforms.LoadVideoClips("Clip", "VideoPath", spec).Fit(data), data.Schema, zip);
            return (spec, zip);
        }).ToList();

        foreach (var (spec, zip) in zips)
        {
            var fresh = new MLContext(seed: 2);
            var loaded = fresh.Model.Load(zip, out var inputSchema);
            Assert.AreEqual("VideoPath", inputSchema[0].Name);
            var clip = Clips(loaded.Transform(Paths(fresh, TestData.Red)))[0];
            Assert.AreEqual(spec.ValueCount, clip.Length);
            CollectionAssert.AreEqual(new ClipLoader(spec).Load(TestData.Red), clip);
        }
    }

    [TestMethod]
    public void LoadVideoClips_Transform_DecodesOnlyWhenRowIsRead()
    {
        var ml = new MLContext(seed: 1);
        var data = Paths(ml, TestData.Missing);
        var transformed = ml.Transforms.LoadVideoClips("Clip", "VideoPath", TestData.Spec).Fit(data).Transform(data);
        Assert.AreEqual("Clip", transformed.Schema["Clip"].Name);
        string messages = Errors.MessagesOf(() => Clips(transformed));
        StringAssert.Contains(messages, TestData.Missing);
    }

    [TestMethod]
    public void LoadVideoClips_NotAVideoByDefault_ThrowsVideoDecodeExceptionWithPath()
    {
        var ml = new MLContext(seed: 1);
        var data = Paths(ml, TestData.Red, TestData.NotAVideo);
        var transformed = ml.Transforms.LoadVideoClips("Clip", "VideoPath", TestData.Spec).Fit(data).Transform(data);
        string messages = Errors.MessagesOf(() => Clips(transformed));
        StringAssert.Contains(messages, nameof(VideoDecodeException));
        StringAssert.Contains(messages, TestData.NotAVideo);
    }

    [TestMethod]
    public void LoadVideoClips_SkipBadVideos_NaNClipAndErrorWithPath()
    {
        var ml = new MLContext(seed: 1);
        var options = new VideoClipLoadingOptions { Spec = TestData.Spec, BadVideos = BadVideoHandling.Skip };
        var data = Paths(ml, TestData.Red, TestData.NotAVideo, TestData.Missing);
        var transformed = ml.Transforms.LoadVideoClips("Clip", "VideoPath", options).Fit(data).Transform(data);
        var clips = Clips(transformed);
        string[] errors = [.. transformed.GetColumn<string>(VideoClipLoadingOptions.DefaultErrorColumnName)];

        Assert.AreEqual("", errors[0]);
        CollectionAssert.AreEqual(new ClipLoader(TestData.Spec).Load(TestData.Red), clips[0]);
        for (int row = 1; row < 3; row++)
        {
            Assert.AreEqual(TestData.Spec.ValueCount, clips[row].Length);
            Assert.IsTrue(clips[row].All(float.IsNaN));
        }
        StringAssert.Contains(errors[1], TestData.NotAVideo);
        StringAssert.Contains(errors[2], TestData.Missing);
    }

    [TestMethod]
    public void LoadVideoClips_SkipModeSavedAndLoaded_StillSkipsIntoItsErrorColumn()
    {
        var ml = new MLContext(seed: 1);
        var options = new VideoClipLoadingOptions { Spec = TestData.Spec, BadVideos = BadVideoHandling.Skip, ErrorColumnName = "Why" };
        var data = Paths(ml, TestData.Red, TestData.Missing);
        string zip = TestData.TempPath("skip.zip");
        ml.Model.Save(ml.Transforms.LoadVideoClips("Clip", "VideoPath", options).Fit(data), data.Schema, zip);

        var loaded = new MLContext(seed: 2).Model.Load(zip, out _).Transform(data);
        string[] errors = [.. loaded.GetColumn<string>("Why")];
        Assert.AreEqual("", errors[0]);
        StringAssert.Contains(errors[1], TestData.Missing);
        Assert.IsTrue(Clips(loaded)[1].All(float.IsNaN));
    }

    [TestMethod]
    public void LoadVideoClips_NumericInputColumn_ThrowsNamingColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { VideoPath = 1f } });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.LoadVideoClips("Clip", "VideoPath", TestData.Spec).Fit(data));
        StringAssert.Contains(e.Message, "Schema mismatch for input column 'VideoPath': expected String, got Single");
    }

    [TestMethod]
    public void LoadVideoClips_RandomCropView_ThrowsNamingOption()
    {
        var ml = new MLContext(seed: 1);
        var options = new VideoClipLoadingOptions { Spec = TestData.Spec, Views = [new ClipView(Crop: CropPosition.Random)] };
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.LoadVideoClips("Clip", "VideoPath", options));
        StringAssert.Contains(e.Message, "Views");
    }
}
