using Microsoft.ML;
using Microsoft.ML.Data;
using OpenCvSharp;
using TimeSformer.Contract;
using TimeSformer.MLNet.Tests.Fixtures;
using TimeSformer.Video;

namespace TimeSformer.MLNet.Tests;

[TestClass]
public sealed class ScoreVideosTests
{
    private const float Tolerance = 1e-5f;

    private static IDataView Rows(MLContext ml, params (string Path, string Label)[] rows) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => new VideoRow { VideoPath = r.Path, Label = r.Label }));

    private static IDataView Colours(MLContext ml) =>
        Rows(ml, (TestData.Red, "red"), (TestData.Green, "green"), (TestData.Blue, "blue"));

    private static float[] ExpectedScore(string path, IReadOnlyList<ClipView> views)
    {
        var loader = new ClipLoader(TestData.Spec);
        var perView = views.Select(v => TinyVideoModel.Expected(loader.Load(path, v), TestData.Spec.Frames, TestData.Weights)).ToList();
        return [.. Enumerable.Range(0, TestData.Labels.Length).Select(k => perView.Average(p => p[k]))];
    }

    /// <summary>EstimatorChain.Fit checks the whole chain's SchemaShape first, so this runs GetOutputSchema.</summary>
    private static IEstimator<ITransformer> AfterAnotherEstimator(MLContext ml, IEstimator<ITransformer> estimator) =>
        ml.Transforms.CopyColumns("Copy", "Other").Append(estimator);

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.AreEqual(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], Tolerance, $"slot {i}");
    }

    [TestMethod]
    public void ScoreVideos_ColourVideos_ScoreIsModelOutputAndLabelsAreClassNames()
    {
        var ml = new MLContext(seed: 1);
        var data = Colours(ml);
        var scored = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(data).Transform(data);

        var scores = scored.GetColumn<float[]>("Score").ToArray();
        AssertClose(ExpectedScore(TestData.Red, [ClipView.Single]), scores[0]);
        AssertClose(ExpectedScore(TestData.Blue, [ClipView.Single]), scores[2]);
        CollectionAssert.AreEqual(TestData.Labels, scored.GetColumn<string>("PredictedClass").ToArray());
        var names = ml.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel").Fit(scored).Transform(scored);
        CollectionAssert.AreEqual(TestData.Labels, names.GetColumn<string>("PredictedName").ToArray());
        var keyType = (KeyDataViewType)scored.Schema["PredictedLabel"].Type;
        Assert.AreEqual(3UL, keyType.Count);
        Assert.AreEqual(3, ((VectorDataViewType)scored.Schema["Score"].Type).Size);
    }

    [TestMethod]
    public void ScoreVideos_AppendedToAnotherEstimator_FitsAndMapsLabel()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { File = TestData.Blue, Label = "blue" } });
        var pipeline = ml.Transforms.CopyColumns("VideoPath", "File").Append(ml.Transforms.ScoreVideos(TestData.ModelPath));
        // EstimatorChain.Fit checks the whole chain's SchemaShape first, so this also runs GetOutputSchema.
        var scored = pipeline.Fit(data).Transform(data);
        Assert.AreEqual("blue", scored.GetColumn<string>("PredictedClass").Single());
        Assert.AreEqual(3u, scored.GetColumn<uint>("Label").Single());
    }

    [TestMethod]
    public void LoadVideoClips_HandBuiltWithApplyOnnxModel_SameScoresAsScoreVideos()
    {
        var ml = new MLContext(seed: 1);
        var data = Colours(ml);
        var spec = TestData.Spec;
        var handBuilt = ml.Transforms.LoadVideoClips("pixel_values", "VideoPath", spec)
            .Append(ml.Transforms.ApplyOnnxModel(["probabilities"], ["pixel_values"], TestData.ModelPath,
                new Dictionary<string, int[]> { ["pixel_values"] = [1, -1, 3, spec.Size, spec.Size] }, gpuDeviceId: null, fallbackToCpu: false, recursionLimit: 100));
        var expected = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(data).Transform(data).GetColumn<float[]>("Score").ToArray();
        var actual = handBuilt.Fit(data).Transform(data).GetColumn<float[]>("probabilities").ToArray();
        for (int i = 0; i < 3; i++) CollectionAssert.AreEqual(expected[i], actual[i]);
    }

    [TestMethod]
    public void ScoreVideos_TextLabel_BecomesKeyInModelLabelOrder()
    {
        var ml = new MLContext(seed: 1);
        var data = Rows(ml, (TestData.Blue, "blue"), (TestData.Red, "red"));
        var scored = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(data).Transform(data);
        CollectionAssert.AreEqual(new uint[] { 3, 1 }, scored.GetColumn<uint>("Label").ToArray());
        VBuffer<ReadOnlyMemory<char>> keyValues = default;
        scored.Schema["Label"].GetKeyValues(ref keyValues);
        CollectionAssert.AreEqual(TestData.Labels, keyValues.DenseValues().Select(v => v.ToString()).ToArray());
    }

    [TestMethod]
    public void ScoreVideos_UnknownLabel_ThrowsNamingLabel()
    {
        var ml = new MLContext(seed: 1);
        var data = Rows(ml, (TestData.Red, "red"), (TestData.Green, "purple"));
        var scored = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(data).Transform(data);
        string messages = Errors.MessagesOf(() => scored.GetColumn<uint>("Label").ToArray());
        StringAssert.Contains(messages, "Label 'purple' is not a class of the model");
        StringAssert.Contains(messages, "red, green, blue");
    }

    [TestMethod]
    public void ScoreVideos_Evaluate_MatchesHandComputedMetrics()
    {
        var ml = new MLContext(seed: 1);
        // Four rows, one mislabelled: the green video called "blue".
        var data = Rows(ml, (TestData.Red, "red"), (TestData.Green, "blue"), (TestData.Blue, "blue"), (TestData.Red, "red"));
        var scored = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(data).Transform(data);
        var metrics = ml.MulticlassClassification.Evaluate(scored, topKPredictionCount: 2);

        string[] truth = ["red", "blue", "blue", "red"];
        float[][] scores = [.. scored.GetColumn<float[]>("Score")];
        double logLoss = truth.Select((t, i) => -Math.Log(scores[i][Array.IndexOf(TestData.Labels, t)])).Average();
        Assert.AreEqual(0.75, metrics.MicroAccuracy, 1e-9);
        Assert.AreEqual((1.0 + 0.5) / 2, metrics.MacroAccuracy, 1e-9, "classes present: red 2/2, blue 1/2");
        Assert.AreEqual(logLoss, metrics.LogLoss, 1e-5);
        Assert.AreEqual(3, metrics.ConfusionMatrix.NumberOfClasses);
        Assert.AreEqual(1, metrics.ConfusionMatrix.Counts[2][1], "one blue-labelled video predicted green");
        Assert.AreEqual(2, metrics.ConfusionMatrix.Counts[0][0]);
    }

    [TestMethod]
    public void ScoreVideos_SaveAndLoad_IdenticalScoresLabelsAndKeys()
    {
        var ml = new MLContext(seed: 1);
        var data = Colours(ml);
        var model = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(data);
        string zip = TestData.TempPath("scoring.zip");
        ml.Model.Save(model, data.Schema, zip);

        var fresh = new MLContext(seed: 2);
        var loaded = fresh.Model.Load(zip, out _);
        var before = model.Transform(data);
        var after = loaded.Transform(Colours(fresh));
        var beforeScores = before.GetColumn<float[]>("Score").ToArray();
        var afterScores = after.GetColumn<float[]>("Score").ToArray();
        for (int i = 0; i < 3; i++) CollectionAssert.AreEqual(beforeScores[i], afterScores[i]);
        CollectionAssert.AreEqual(before.GetColumn<uint>("PredictedLabel").ToArray(), after.GetColumn<uint>("PredictedLabel").ToArray());
        VBuffer<ReadOnlyMemory<char>> keyValues = default;
        after.Schema["PredictedLabel"].GetKeyValues(ref keyValues);
        CollectionAssert.AreEqual(TestData.Labels, keyValues.DenseValues().Select(v => v.ToString()).ToArray());
        Assert.IsInstanceOfType<TextDataViewType>(after.Schema["Label"].Type, "a saved model scores only; it leaves the label as it is");
        Assert.AreEqual(1.0, fresh.MulticlassClassification.EvaluateVideos(after).MicroAccuracy, 1e-9);
    }

    [TestMethod]
    public void ScoreVideos_FittedOnLabelledRows_ScoresPathOnlyRowsInTransformEngineAndAfterLoad()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(Colours(ml));
        string zip = TestData.TempPath("labelled-fit.zip");
        ml.Model.Save(model, Colours(ml).Schema, zip);
        var loaded = new MLContext(seed: 2).Model.Load(zip, out _);
        var pathsOnly = ml.Data.LoadFromEnumerable(new[] { TestData.Red, TestData.Green, TestData.Blue }.Select(p => new { VideoPath = p }));

        foreach (var transformer in new[] { (ITransformer)model, loaded })
        {
            var scored = transformer.Transform(pathsOnly);
            CollectionAssert.AreEqual(TestData.Labels, scored.GetColumn<string>("PredictedClass").ToArray());
            Assert.IsNull(scored.Schema.GetColumnOrNull("Label"));
            var engine = ml.Model.CreatePredictionEngine<VideoInput, VideoPrediction>(transformer);
            Assert.AreEqual("green", engine.Predict(new VideoInput { VideoPath = TestData.Green }).PredictedClass);
        }
    }

    [TestMethod]
    public void EvaluateVideos_LoadedModelAndFittedModel_SameMetricsAsEvaluate()
    {
        var ml = new MLContext(seed: 1);
        var data = Rows(ml, (TestData.Red, "red"), (TestData.Green, "blue"), (TestData.Blue, "blue"), (TestData.Red, "red"));
        var model = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(data);
        string zip = TestData.TempPath("evaluate.zip");
        ml.Model.Save(model, data.Schema, zip);
        var loaded = ml.Model.Load(zip, out _);

        var expected = ml.MulticlassClassification.Evaluate(model.Transform(data), topKPredictionCount: 2);
        foreach (var scored in new[] { model.Transform(data), loaded.Transform(data) })
        {
            var metrics = ml.MulticlassClassification.EvaluateVideos(scored, topKPredictionCount: 2);
            Assert.AreEqual(expected.MicroAccuracy, metrics.MicroAccuracy, 1e-12);
            Assert.AreEqual(expected.LogLoss, metrics.LogLoss, 1e-12);
            Assert.AreEqual(expected.TopKAccuracy, metrics.TopKAccuracy, 1e-12);
        }
        Assert.AreEqual(0.75, expected.MicroAccuracy, 1e-9);
    }

    [TestMethod]
    public void EvaluateVideos_LoadedModelUnknownLabel_ThrowsNamingLabel()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(Colours(ml));
        string zip = TestData.TempPath("unknown-label.zip");
        ml.Model.Save(model, Colours(ml).Schema, zip);
        var scored = ml.Model.Load(zip, out _).Transform(Rows(ml, (TestData.Red, "red"), (TestData.Green, "purple")));
        string messages = Errors.MessagesOf(() => ml.MulticlassClassification.EvaluateVideos(scored));
        StringAssert.Contains(messages, "Label 'purple' is not a class of the model");
    }

    [TestMethod]
    [DataRow("Fit")]
    [DataRow("EstimatorChain")]
    public void ScoreVideos_NoPathColumn_SchemaMismatchNamingColumn(string call)
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new { File = TestData.Red, Other = 1f } });
        var estimator = ml.Transforms.ScoreVideos(TestData.ModelPath);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            _ = call == "Fit" ? estimator.Fit(data) : AfterAnotherEstimator(ml, estimator).Fit(data));
        StringAssert.Contains(e.Message, "Could not find input column 'VideoPath'");
    }

    [TestMethod]
    [DataRow("Fit")]
    [DataRow("EstimatorChain")]
    public void ScoreVideos_NumericPathColumn_SchemaMismatchNamingColumnAndTypes(string call)
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new { VideoPath = 1f, Other = 1f } });
        var estimator = ml.Transforms.ScoreVideos(TestData.ModelPath);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            _ = call == "Fit" ? estimator.Fit(data) : AfterAnotherEstimator(ml, estimator).Fit(data));
        StringAssert.Contains(e.Message, "Schema mismatch for input column 'VideoPath': expected String, got Single");
    }

    [TestMethod]
    public void ScoreVideos_PredictionEngine_SameAsBatchBeforeAndAfterLoad()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new VideoInput { VideoPath = TestData.Red } });
        var model = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(data);
        string zip = TestData.TempPath("engine.zip");
        ml.Model.Save(model, data.Schema, zip);
        var loaded = new MLContext(seed: 2).Model.Load(zip, out var inputSchema);
        CollectionAssert.AreEqual(TestData.Labels, VideoModelReader.ReadLabels(loaded, inputSchema).ToArray());

        foreach (var path in new[] { TestData.Red, TestData.Green, TestData.Blue })
        {
            var batch = model.Transform(ml.Data.LoadFromEnumerable(new[] { new VideoInput { VideoPath = path } }));
            float[] batchScore = batch.GetColumn<float[]>("Score").Single();
            string batchLabel = batch.GetColumn<string>("PredictedClass").Single();
            foreach (var transformer in new[] { (ITransformer)model, loaded })
            {
                var prediction = ml.Model.CreatePredictionEngine<VideoInput, VideoPrediction>(transformer).Predict(new VideoInput { VideoPath = path });
                Assert.AreEqual(batchLabel, prediction.PredictedClass);
                CollectionAssert.AreEqual(batchScore, prediction.Score);
                Assert.AreEqual(batchLabel, prediction.TopK(TestData.Labels, 2)[0].Label);
            }
        }
    }

    [TestMethod]
    public void ScoreVideos_TwoTemporalClipsThreeCrops_AveragesViewProbabilities()
    {
        var ml = new MLContext(seed: 1);
        var data = Colours(ml);
        var options = new VideoScoringOptions { TemporalClips = 2, SpatialCrops = 3 };
        var model = ml.Transforms.ScoreVideos(TestData.ModelPath, options: options).Fit(data);
        var scores = model.Transform(data).GetColumn<float[]>("Score").ToArray();

        var views = ClipView.Grid(2, 3);
        AssertClose(ExpectedScore(TestData.Green, views), scores[1]);
        AssertClose(ExpectedScore(TestData.Blue, views), scores[2]);
        Assert.AreNotEqual(ExpectedScore(TestData.Blue, [ClipView.Single])[2], scores[2][2], 1e-7f, "views should change the score");

        string zip = TestData.TempPath("multiview.zip");
        ml.Model.Save(model, data.Schema, zip);
        var reloaded = new MLContext(seed: 2).Model.Load(zip, out _).Transform(data).GetColumn<float[]>("Score").ToArray();
        CollectionAssert.AreEqual(scores[2], reloaded[2]);
    }

    [TestMethod]
    public void ScoreVideos_StretchedModelThreeCrops_OneViewPerTemporalClip()
    {
        var ml = new MLContext(seed: 1);
        var data = Colours(ml);
        var stretched = TestData.Spec with { Fit = FrameFit.Stretch };
        string path = TestData.TempPath("stretched.onnx");
        TinyVideoModel.Write(path, TestData.Metadata with { Clip = stretched }, TestData.Weights);

        var threeCropsOptions = new VideoScoringOptions { TemporalClips = 2, SpatialCrops = 3 };
        var threeCrops = ml.Transforms.ScoreVideos(path, options: threeCropsOptions);
        var oneCrop = ml.Transforms.ScoreVideos(path, options: threeCropsOptions with { SpatialCrops = 1 });
        Assert.HasCount(2, threeCrops.ClipOptions.Views, "the whole frame is the clip: its three crops are one");
        float[] scored = threeCrops.Fit(data).Transform(data).GetColumn<float[]>("Score").ElementAt(2);
        CollectionAssert.AreEqual(oneCrop.Fit(data).Transform(data).GetColumn<float[]>("Score").ElementAt(2), scored);
        // A cropping model keeps its three crops.
        Assert.HasCount(6, ml.Transforms.ScoreVideos(TestData.ModelPath, options: threeCropsOptions).ClipOptions.Views);
    }

    [TestMethod]
    public void ScoreVideos_SkipBadVideos_BadRowsReportedAndFilteredBeforeEvaluate()
    {
        var ml = new MLContext(seed: 1);
        var data = Rows(ml, (TestData.Red, "red"), (TestData.NotAVideo, "green"), (TestData.Blue, "blue"));
        var options = new VideoScoringOptions { BadVideos = BadVideoHandling.Skip };
        var scored = ml.Transforms.ScoreVideos(TestData.ModelPath, options: options).Fit(data).Transform(data);

        string[] errors = [.. scored.GetColumn<string>("DecodeError")];
        Assert.AreEqual("", errors[0]);
        StringAssert.Contains(errors[1], TestData.NotAVideo);
        Assert.IsTrue(scored.GetColumn<float[]>("Score").ElementAt(1).All(float.IsNaN));
        Assert.AreEqual(0u, scored.GetColumn<uint>("PredictedLabel").ElementAt(1), "missing key");

        var good = ml.Data.FilterRowsByMissingValues(scored, "Score");
        var metrics = ml.MulticlassClassification.Evaluate(good);
        Assert.AreEqual(1.0, metrics.MicroAccuracy, 1e-9);
        Assert.AreEqual(2, good.GetColumn<string>("VideoPath").Count());
    }

    [TestMethod]
    public void ScoreVideos_SkipBadVideos_EmptyPathIsABadRowNotAnError()
    {
        var ml = new MLContext(seed: 1);
        var data = Rows(ml, (TestData.Red, "red"), ("", "green"));
        var options = new VideoScoringOptions { BadVideos = BadVideoHandling.Skip };
        var scored = ml.Transforms.ScoreVideos(TestData.ModelPath, options: options).Fit(data).Transform(data);

        CollectionAssert.AreEqual(new[] { "", "Cannot decode video '': the path is empty." }, scored.GetColumn<string>("DecodeError").ToArray());
        Assert.AreEqual("red", scored.GetColumn<string>(VideoScoringEstimator.PredictedClassColumnName).First());
    }

    [TestMethod]
    public void ScoreVideos_SkipBadVideos_ShortVideoScoredWithAWarning()
    {
        var ml = new MLContext(seed: 1);
        string twoFrames = TestVideos.Write(TestData.Directory, "two-frames", new Scalar(30, 30, 220), frames: 2);
        var data = Rows(ml, (TestData.Red, "red"), (twoFrames, "red"));
        var options = new VideoScoringOptions { BadVideos = BadVideoHandling.Skip };
        var scored = ml.Transforms.ScoreVideos(TestData.ModelPath, options: options).Fit(data).Transform(data);

        string[] warnings = [.. scored.GetColumn<string>(VideoClipLoadingOptions.DefaultWarningColumnName)];
        Assert.AreEqual("", warnings[0]);
        Assert.AreEqual("only 2 frame(s) decode, fewer than the 4 of a clip: frames are repeated and the prediction is unreliable.", warnings[1]);
        Assert.AreEqual("", scored.GetColumn<string>("DecodeError").ElementAt(1), "A warned video is scored.");
        Assert.AreEqual("red", scored.GetColumn<string>(VideoScoringEstimator.PredictedClassColumnName).ElementAt(1));
    }

    [TestMethod]
    public void ScoreVideos_BadVideoByDefault_ThrowsWithPath()
    {
        var ml = new MLContext(seed: 1);
        var data = Rows(ml, (TestData.Missing, "red"));
        var scored = ml.Transforms.ScoreVideos(TestData.ModelPath).Fit(data).Transform(data);
        StringAssert.Contains(Errors.MessagesOf(() => scored.GetColumn<float[]>("Score").ToArray()), TestData.Missing);
    }

    [TestMethod]
    public void ScoreVideos_GpuRequested_ScoresWhereverCudaIs()
    {
        var ml = new MLContext(seed: 1);
        var data = Colours(ml);
        var estimator = ml.Transforms.ScoreVideos(TestData.ModelPath, options: new VideoScoringOptions { GpuDeviceId = 0, IntraOpThreads = 1 });
        Assert.AreEqual(CudaProbe.IsAvailable, estimator.UsesGpu);
        var scores = estimator.Fit(data).Transform(data).GetColumn<float[]>("Score").ToArray();
        AssertClose(ExpectedScore(TestData.Green, [ClipView.Single]), scores[1]);
    }

    [TestMethod]
    public void ScoreVideos_ModelWithoutMetadata_ThrowsNamingFile()
    {
        string path = TestData.TempPath("plain.onnx");
        var model = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestData.ModelPath));
        model.MetadataProps.Clear();
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Transforms.ScoreVideos(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "'labels'");
    }

    [TestMethod]
    public void ReadLabels_NotAScoringPipeline_ThrowsNamingColumn()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new VideoInput { VideoPath = TestData.Red } });
        var clips = ml.Transforms.LoadVideoClips("Clip", "VideoPath", TestData.Spec).Fit(data);
        var e = Assert.ThrowsExactly<ArgumentException>(() => VideoModelReader.ReadLabels(clips, data.Schema));
        StringAssert.Contains(e.Message, "'PredictedLabel'");
    }

    [TestMethod]
    public void ScoreVideos_MissingModel_ThrowsFileNotFound()
    {
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext().Transforms.ScoreVideos(TestData.Missing + ".onnx"));
        StringAssert.Contains(e.Message, "missing.avi.onnx");
    }
}
