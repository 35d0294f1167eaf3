using TimeSformer.Video.Datasets;
using TimeSformer.Video.Tests.Fixtures;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class VideoDatasetTests
{
    private static string NewFolder(string name)
    {
        string folder = Path.Combine(TestVideos.Folder, "ds-" + name);
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string Touch(string root, string relative)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    [TestMethod]
    public void FromFolder_UcfLayout_SortedLabelsAndGroups()
    {
        string root = NewFolder("folder");
        Touch(root, "walk/v_walk_02_01.avi");
        Touch(root, "walk/v_walk_01_03.mp4");
        Touch(root, "Jump/v_shooting_07/v_shooting_07_01.avi");
        Touch(root, "Jump/scene9/clip.mkv");
        Touch(root, "Jump/readme.txt");
        Touch(root, "ApplyMakeup/v_ApplyMakeup_g08_c01.webm");
        var data = VideoDataset.FromFolder(root);
        CollectionAssert.AreEqual(new[] { "ApplyMakeup", "Jump", "walk" }, data.Labels.ToArray());
        Assert.HasCount(5, data.Samples);
        var byName = data.Samples.ToDictionary(s => Path.GetFileName(s.Path));
        Assert.AreEqual("g08", byName["v_ApplyMakeup_g08_c01.webm"].Group);
        Assert.AreEqual("07", byName["v_shooting_07_01.avi"].Group);
        Assert.AreEqual("scene9", byName["clip.mkv"].Group);
        Assert.AreEqual("02", byName["v_walk_02_01.avi"].Group);
        Assert.AreEqual("Jump", byName["clip.mkv"].Label);
        Assert.AreEqual(2, data.LabelIndex("walk"));
        Assert.IsNull(byName["clip.mkv"].Split);
    }

    [TestMethod]
    public void FromFolder_NoVideos_ThrowsNamingFolder()
    {
        string root = NewFolder("empty");
        Touch(root, "a/readme.txt");
        var e = Assert.ThrowsExactly<DatasetManifestException>(() => VideoDataset.FromFolder(root));
        StringAssert.Contains(e.Message, root);
        StringAssert.Contains(e.Message, "no video found");
    }

    [TestMethod]
    public void FromFolder_CameraContainersAnyCase_ListedAndHiddenFilesSkipped()
    {
        string root = NewFolder("cameras");
        Touch(root, "wave/IMG_0001.MOV");
        Touch(root, "wave/._IMG_0001.MOV");
        Touch(root, "wave/00012.MTS");
        Touch(root, "clap/take1/clip.m4v");
        Touch(root, "clap/take2/clip.3gp");
        Touch(root, "clap/take2/.clip.3gp.swp");
        Touch(root, ".ipynb_checkpoints/clap/x.mp4");
        var data = VideoDataset.FromFolder(root);
        CollectionAssert.AreEqual(new[] { "clap", "wave" }, data.Labels.ToArray());
        CollectionAssert.AreEquivalent(new[] { "IMG_0001.MOV", "00012.MTS", "clip.m4v", "clip.3gp" },
            data.Samples.Select(s => Path.GetFileName(s.Path)).ToArray());
        Assert.IsFalse(VideoDataset.IsVideoFile("/data/wave/._IMG_0001.MOV"));
        Assert.IsTrue(VideoDataset.IsVideoFile("/data/.hidden-folder/IMG_0001.mov"), "only the file's own name counts");
    }

    [TestMethod]
    public void FromFolder_ClassFolderWithoutVideo_ThrowsNamingIt()
    {
        string root = NewFolder("class-without-video");
        Touch(root, "wave/a.mp4");
        Touch(root, "clap/cam1/a.dav");
        Touch(root, "jump/notes.txt");
        var e = Assert.ThrowsExactly<DatasetManifestException>(() => VideoDataset.FromFolder(root));
        StringAssert.Contains(e.Message, root);
        StringAssert.Contains(e.Message, "class folder(s) 'clap', 'jump' hold no video file");
        StringAssert.Contains(e.Message, ".mov");
    }

    [TestMethod]
    public void FromFolder_QuickTimeFile_IsListedAndDecodes()
    {
        string root = NewFolder("quicktime");
        string mov = FfmpegVideos.QuickTime(Path.Combine(root, "phone", "IMG_0002.MOV"), 6)
            ?? throw new AssertInconclusiveException("ffmpeg with libx264 is not installed, so no QuickTime file was made.");
        var sample = VideoDataset.FromFolder(root).Samples.Single();
        Assert.AreEqual(mov, sample.Path);
        using var reader = new VideoReader(sample.Path);
        Assert.AreEqual(6, reader.CountFrames());
        Assert.AreEqual(32, reader.Width);
    }

    [TestMethod]
    public void FromCsv_RelativePathsAndOptionalSplit_Resolved()
    {
        string root = NewFolder("csv");
        string a = Touch(root, "videos/a, b.avi");
        string b = Touch(root, "videos/v_run_03_01.mp4");
        string manifest = Path.Combine(root, "list.csv");
        File.WriteAllLines(manifest, ["# comment", "\"videos/a, b.avi\",sit,TEST", "", "videos/v_run_03_01.mp4,run"]);
        var data = VideoDataset.FromCsv(manifest);
        CollectionAssert.AreEqual(new[] { "run", "sit" }, data.Labels.ToArray());
        Assert.AreEqual(new VideoSample(a, "sit", null, "test"), data.Samples[0]);
        Assert.AreEqual(new VideoSample(b, "run", "03", null), data.Samples[1]);
    }

    [TestMethod]
    public void FromCsv_HeaderWithNamedColumns_ReadsByName()
    {
        string root = NewFolder("csv-header");
        string a = Touch(root, "x.avi");
        string manifest = Path.Combine(root, "m.csv");
        File.WriteAllLines(manifest, ["label,Path,group", "sit,x.avi,g3"]);
        var sample = VideoDataset.FromCsv(manifest).Samples.Single();
        Assert.AreEqual(new VideoSample(a, "sit", "g3", null), sample);
    }

    [TestMethod]
    public void FromCsv_StartEndColumns_GiveSegmentsAndLocations()
    {
        string root = NewFolder("csv-segment");
        string a = Touch(root, "x.avi");
        string manifest = Path.Combine(root, "m.csv");
        File.WriteAllLines(manifest, ["path,label,split,start,end", "x.avi,sit,train,1.5,4", "x.avi,stand,test,7,", "x.avi,sit,test,,"]);
        var samples = VideoDataset.FromCsv(manifest).Samples;
        Assert.AreEqual(new VideoSegment(1.5, 4), samples[0].Segment);
        Assert.AreEqual(a + "#t=1.5,4", samples[0].Location);
        Assert.AreEqual(new VideoSegment(7, double.PositiveInfinity), samples[1].Segment);
        Assert.IsNull(samples[2].Segment);
        Assert.AreEqual(a, samples[2].Location);
    }

    [TestMethod]
    [DataRow("x.avi,sit,4,1.5")]
    [DataRow("x.avi,sit,soon,5")]
    [DataRow("x.avi,sit,-1,5")]
    public void FromCsv_BadSegment_ThrowsNamingTheLine(string line)
    {
        string root = NewFolder("csv-bad-segment");
        Touch(root, "x.avi");
        string manifest = Path.Combine(root, "m.csv");
        File.WriteAllLines(manifest, ["path,label,start,end", line]);
        var e = Assert.ThrowsExactly<DatasetManifestException>(() => VideoDataset.FromCsv(manifest));
        Assert.AreEqual(2, e.Line);
        StringAssert.Contains(e.Message, "must be seconds with 0 <= start < end");
    }

    [TestMethod]
    [DataRow("x.avi", "line 2", "expected 'path,label[,split]', got 1 field(s).")]
    [DataRow("x.avi;sit;train", "line 2", "got 1 field(s): separate the fields with commas, not ';'.")]
    [DataRow("x.avi\tsit", "line 2", "got 1 field(s): separate the fields with commas, not tabs.")]
    [DataRow("x.avi,", "line 2", "the label is empty")]
    [DataRow("y.avi,sit", "line 2", "video 'y.avi' does not exist")]
    [DataRow("\"x.avi,sit", "line 2", "quoted field is not closed")]
    [DataRow("x.avi,sit,train,g1,extra", "line 2", "5 fields, but only 4 columns")]
    public void FromCsv_BadLine_ThrowsNamingFileAndLine(string line, string where, string reason)
    {
        string root = NewFolder("csv-bad");
        Touch(root, "x.avi");
        string manifest = Path.Combine(root, "bad.csv");
        File.WriteAllLines(manifest, ["x.avi,sit", line]);
        var e = Assert.ThrowsExactly<DatasetManifestException>(() => VideoDataset.FromCsv(manifest));
        StringAssert.Contains(e.Message, manifest);
        StringAssert.Contains(e.Message, where);
        StringAssert.Contains(e.Message, reason);
        Assert.AreEqual(2, e.Line);
    }

    [TestMethod]
    public void WriteCsv_ThenFromCsv_RoundTrips()
    {
        string root = NewFolder("csv-write");
        var samples = new[]
        {
            new VideoSample(Touch(root, "b/v_b_01_01.avi"), "b", "01", "train", new VideoSegment(0.1, 2.25)),
            new VideoSample(Touch(root, "a/odd, name.avi"), "a", null, "test"),
            new VideoSample(Touch(root, "a/v_a_02_01.avi"), "a", "02", "test", new VideoSegment(3, double.PositiveInfinity)),
        };
        var data = new VideoDataset(samples);
        string manifest = Path.Combine(root, "out", "m.csv");
        data.WriteCsv(manifest);
        var read = VideoDataset.FromCsv(manifest);
        CollectionAssert.AreEqual(samples, read.Samples.ToArray());
        Assert.AreEqual("../b/v_b_01_01.avi,b,train,01,0.1,2.25", File.ReadAllLines(manifest)[1]);
    }

    [TestMethod]
    public void FromUcf101_SplitFiles_LabelsFromClassIndex()
    {
        string root = NewFolder("ucf101");
        string videos = Path.Combine(root, "UCF-101");
        string train = Touch(videos, "Archery/v_Archery_g08_c01.avi");
        string test = Touch(videos, "ApplyLipstick/v_ApplyLipstick_g01_c02.avi");
        string splits = Path.Combine(root, "ucfTrainTestlist");
        Directory.CreateDirectory(splits);
        File.WriteAllLines(Path.Combine(splits, "classInd.txt"), ["1 ApplyLipstick", "2 Archery", "3 Basketball"]);
        File.WriteAllLines(Path.Combine(splits, "trainlist01.txt"), ["Archery/v_Archery_g08_c01.avi 2"]);
        File.WriteAllLines(Path.Combine(splits, "testlist01.txt"), ["ApplyLipstick/v_ApplyLipstick_g01_c02.avi"]);
        var data = VideoDataset.FromUcf101(videos, splits);
        CollectionAssert.AreEqual(new[] { "ApplyLipstick", "Archery", "Basketball" }, data.Labels.ToArray());
        Assert.AreEqual(new VideoSample(train, "Archery", "g08", "train"), data.Train.Samples.Single());
        Assert.AreEqual(new VideoSample(test, "ApplyLipstick", "g01", "test"), data.Test.Samples.Single());
    }

    [TestMethod]
    public void FromUcf101_LabelNotInClassIndex_ThrowsNamingLine()
    {
        string root = NewFolder("ucf101-bad");
        Touch(root, "A/v_A_g01_c01.avi");
        File.WriteAllLines(Path.Combine(root, "classInd.txt"), ["1 A"]);
        File.WriteAllLines(Path.Combine(root, "trainlist01.txt"), ["A/v_A_g01_c01.avi 1", "A/v_A_g01_c01.avi 4"]);
        File.WriteAllLines(Path.Combine(root, "testlist01.txt"), []);
        var e = Assert.ThrowsExactly<DatasetManifestException>(() => VideoDataset.FromUcf101(root, root));
        StringAssert.Contains(e.Message, "trainlist01.txt");
        Assert.AreEqual(2, e.Line);
    }

    [TestMethod]
    public void SplitByGroup_NoGroupOnBothSidesAndSeedStable()
    {
        var samples = Enumerable.Range(0, 40).Select(i => new VideoSample($"/v/{i}.avi", $"c{i % 4}", $"g{i % 10}"));
        var data = new VideoDataset(samples);
        var split = data.SplitByGroup(0.3, seed: 1);
        var testGroups = split.Test.Samples.Select(s => s.Group).ToHashSet();
        var trainGroups = split.Train.Samples.Select(s => s.Group).ToHashSet();
        Assert.HasCount(3, testGroups);
        Assert.HasCount(7, trainGroups);
        Assert.IsFalse(testGroups.Overlaps(trainGroups));
        Assert.HasCount(12, split.Test.Samples);
        CollectionAssert.AreEqual(split.Samples.ToArray(), data.SplitByGroup(0.3, seed: 1).Samples.ToArray());
        var others = Enumerable.Range(2, 5).Select(seed => data.SplitByGroup(0.3, seed).Test.Samples.Select(s => s.Group).ToHashSet());
        Assert.IsTrue(others.Any(g => !g.SetEquals(testGroups)));
    }

    [TestMethod]
    public void SplitByGroup_SamplesWithoutGroup_AreTheirOwnGroups()
    {
        var data = new VideoDataset(Enumerable.Range(0, 10).Select(i => new VideoSample($"/v/{i}.avi", "a")));
        Assert.HasCount(2, data.SplitByGroup(0.2).Test.Samples);
    }

    [TestMethod]
    public void HoldOutValidation_TakesWholeTrainingGroupsAndLeavesTestAlone()
    {
        var samples = Enumerable.Range(0, 40).Select(i => new VideoSample($"/v/{i}.avi", $"c{i % 4}", $"g{i % 10}"));
        var split = new VideoDataset(samples).SplitByGroup(0.3, seed: 1);
        var held = split.HoldOutValidation(0.3, seed: 2);
        var validationGroups = held.Validation.Samples.Select(s => s.Group).ToHashSet();
        var trainGroups = held.Train.Samples.Select(s => s.Group).ToHashSet();
        Assert.HasCount(2, validationGroups); // round(0.3 x 7 training groups)
        Assert.HasCount(5, trainGroups);
        Assert.IsFalse(validationGroups.Overlaps(trainGroups));
        CollectionAssert.AreEqual(split.Test.Samples.ToArray(), held.Test.Samples.ToArray());
        Assert.AreEqual(split.Samples.Count, held.Samples.Count);
        Assert.AreEqual(10, held.GroupCount);
        CollectionAssert.AreEqual(held.Samples.ToArray(), split.HoldOutValidation(0.3, seed: 2).Samples.ToArray());
    }

    [TestMethod]
    public void HoldOutValidation_OneTrainingGroupOrBadFraction_Throws()
    {
        var data = new VideoDataset([new VideoSample("/v/1.avi", "a", "g1", "train"), new VideoSample("/v/2.avi", "a", "g2", "test")]);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => data.HoldOutValidation(0.5));
        StringAssert.Contains(e.Message, "needs at least two training groups; the training split has 1");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => data.HoldOutValidation(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => data.HoldOutValidation(1));
    }

    [TestMethod]
    public void Constructor_LabelsGiven_SortedAndChecked()
    {
        var data = new VideoDataset([new VideoSample("/v/1.avi", "b")], ["c", "b", "a"]);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, data.Labels.ToArray());
        Assert.ThrowsExactly<ArgumentException>(() => new VideoDataset([new VideoSample("/v/1.avi", "z")], ["a"]));
    }
}
