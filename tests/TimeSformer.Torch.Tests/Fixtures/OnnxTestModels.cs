using Microsoft.ML.OnnxRuntime;
using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests.Fixtures;

/// <summary>Tiny models, exports to temporary files and ONNX Runtime runs for the exporter tests.</summary>
internal static class OnnxTestModels
{
    public const int Classes = 5;

    /// <summary>A tiny TimeSformer in eval mode whose weights are all perturbed, so zero-initialised parts
    /// (temporal_fc, time_embed, biases) take part in the parity.</summary>
    public static TimeSformerModel TinyModel(AttentionType attention, PositionalEmbedding positional, int seed = 1, bool frameDifferences = false,
        bool meanPooling = false)
    {
        manual_seed(seed);
        var options = TimeSformerOptions.Tiny(Classes) with
        {
            AttentionType = attention, PositionalEmbedding = positional, FrameDifferences = frameDifferences, MeanPooling = meanPooling,
        };
        var model = new TimeSformerModel(options);
        model.eval();
        using var noGrad = no_grad();
        foreach (var p in model.parameters())
            p.add_(randn_like(p) * 0.1);
        return model;
    }

    public static VideoModelMetadata Metadata(TimeSformerOptions options) => new()
    {
        Clip = new ClipSpec { Frames = options.Frames, Size = options.ImageSize, ShortSide = options.ImageSize + 4 },
        Labels = Enumerable.Range(0, options.NumClasses).Select(i => $"class {i}").ToArray(),
    };

    /// <summary>A unique path in the temp folder, deleted when disposed.</summary>
    public static TempFile TempOnnx(string extension = ".onnx") =>
        new(Path.Combine(Path.GetTempPath(), $"timesformer-{Guid.NewGuid():N}{extension}"));

    public static InferenceSession Session(string path)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        return new InferenceSession(path, options);
    }

    /// <summary>Runs the session on a [B, T, 3, S, S] clip tensor; returns logits and probabilities as [B, classes].</summary>
    public static (Tensor Logits, Tensor Probabilities) Run(InferenceSession session, Tensor input)
    {
        var data = input.contiguous().data<float>().ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(data, input.shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [OnnxSignature.InputName], [value],
            [OnnxSignature.LogitsName, OnnxSignature.ProbabilitiesName]);
        Tensor ToTensor(OrtValue v) => tensor(v.GetTensorDataAsSpan<float>().ToArray(), v.GetTensorTypeAndShape().Shape);
        return (ToTensor(outputs[0]), ToTensor(outputs[1]));
    }

    /// <summary>Runs the exported file and the eval-mode model on random clips at batch 1 and 3: logits and
    /// probabilities agree to 1e-4, probabilities sum to 1, and the logits vary enough for that to mean something.</summary>
    /// <returns>The largest logit difference seen.</returns>
    public static double AssertOnnxRuntimeMatches(nn.Module<Tensor, Tensor> model, string path, int frames, int size)
    {
        const double tolerance = 1e-4;
        double largest = 0;
        using var session = Session(path);
        foreach (long batch in new long[] { 1, 3 })
        {
            using var scope = NewDisposeScope();
            var input = randn([batch, frames, 3, size, size]);
            Tensor expected;
            using (no_grad())
                expected = model.call(input);
            var (logits, probabilities) = Run(session, input);
            double diff = MaxAbsDifference(expected, logits);
            largest = Math.Max(largest, diff);
            Assert.IsTrue(diff < tolerance, $"batch {batch}: logits differ from TorchSharp by {diff:G3}");
            Assert.IsTrue(expected.std().item<float>() > 1e-2, "logits barely vary, so the parity proves little");
            double softmaxDiff = MaxAbsDifference(softmax(expected, 1), probabilities);
            Assert.IsTrue(softmaxDiff < tolerance, $"batch {batch}: probabilities differ by {softmaxDiff:G3}");
            double sumError = (probabilities.sum(1) - 1).abs().max().item<float>();
            Assert.IsTrue(sumError < 1e-5, $"batch {batch}: probabilities sum to 1 +- {sumError:G3}");
        }
        return largest;
    }

    public static double MaxAbsDifference(Tensor a, Tensor b)
    {
        CollectionAssert.AreEqual(a.shape, b.shape, "shapes differ");
        using var scope = NewDisposeScope();
        return (a - b).abs().max().item<float>();
    }

    public sealed class TempFile(string path) : IDisposable
    {
        public string Path { get; } = path;

        public void Dispose() => File.Delete(Path);
    }
}
