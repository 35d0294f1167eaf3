using System.Diagnostics;
using TimeSformer.Cli.Hosting;
using TimeSformer.Contract;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video.Datasets;
using static TorchSharp.torch;

namespace TimeSformer.Cli.Jobs;

/// <summary>Trains a TimeSformer (or the CNN-RNN baseline) on split data with a progress display, then exports the run's
/// model (<see cref="TrainingResult.ModelCheckpointPath"/>) as <c>model.onnx</c> beside it. Used by <c>train</c> and <c>demo</c>.</summary>
internal static class TrainingJob
{
    /// <summary>File name of the exported model in the output folder.</summary>
    public const string OnnxFileName = "model.onnx";

    /// <summary>What a run made.</summary>
    public sealed record Outcome(TrainingResult Training, string OnnxPath, VideoModelMetadata Metadata);

    public static Outcome Run(VideoDataset data, ModelRecipe architecture, ClipSpec clip, TrainingOptions training,
        string outputDirectory, Terminal terminal, bool resume = false)
    {
        // The Trainer gives a feature-caching model fixed draws by itself; saying so here lets the sources keep them in memory.
        if (architecture.CachesFeatures) training = training.ForCachedFeatures();
        var (train, validation) = Sources(data, clip, training);
        if (train.Count == 0)
            throw new InvalidDataException("The data has no training sample (split 'train').");
        if (train.KeepsFrames)
            KeepFrames(train, terminal);
        var metadata = new VideoModelMetadata
        {
            Clip = clip, Labels = data.Labels, Architecture = architecture.Architecture, ConfigJson = architecture.ConfigJson,
        };
        Directory.CreateDirectory(outputDirectory);
        manual_seed(training.Seed);
        var trainer = new Trainer(training);
        // The test split never selects anything: the model is the best checkpoint on a 'val' split when the data has
        // one, else the last epoch. The caller scores the test split once, through the exported model.
        TrainingResult result;
        using (var network = architecture.CreateModel())
            result = terminal.Progress("training", bar => resume
                ? trainer.Resume(network, metadata, train, validation, outputDirectory, new TrainingProgressDisplay(bar))
                : trainer.Train(network, metadata, train, validation, outputDirectory, new TrainingProgressDisplay(bar)));

        string onnx = Path.Combine(outputDirectory, OnnxFileName);
        var written = OnnxExporter.ExportCheckpoint(result.ModelCheckpointPath, onnx);
        return new Outcome(result, onnx, written);
    }

    // Reads the training videos before the clock of a time budget starts (it starts with the first epoch), and says so.
    private static void KeepFrames(VideoClipSource train, Terminal terminal)
    {
        var watch = Stopwatch.StartNew();
        int kept = terminal.Progress("reading videos", bar =>
        {
            bar.Update(0, train.Count, $"reading videos 0/{train.Count}");
            return train.KeepFrames(progress: new Relay<int>(read => bar.Update(read, train.Count, $"reading videos {read}/{train.Count}")));
        });
        terminal.Line($"Frames kept in memory: {kept} of {train.Count} training videos, {train.KeptFrameBytes / 1048576.0:0.0} MiB, "
            + $"read in {watch.Elapsed.TotalSeconds:0.0} s before training (each decoded once, not every epoch).");
    }

    /// <summary>Largest clip cache, and largest frame cache, kept in memory.</summary>
    private const long CacheLimitBytes = 2L << 30;

    /// <summary>The clip sources of the train and 'val' splits (no validation source when the data has no 'val'
    /// split). Used by <c>train</c>, <c>demo</c> and <c>ablate</c>; test splits are scored through ML.NET. Fixed draws
    /// (augmentation variants) are kept as clips when every one fits (<see cref="FitsInMemory"/>); fresh draws every
    /// epoch come from each training video's resized frames, kept up to <see cref="CacheLimitBytes"/>, so a small split
    /// decodes each video once rather than once an epoch; the validation clips are kept when they fit.</summary>
    public static (VideoClipSource Train, VideoClipSource? Validation) Sources(VideoDataset data, ClipSpec clip,
        TrainingOptions training)
    {
        bool keepClips = FitsInMemory(data, clip, training);
        long frameBudget = training.AugmentationVariants == 0 ? CacheLimitBytes : 0;
        var validation = data.Validation;
        bool keepValidation = keepClips || ClipBytes(validation.Samples.Count, 1, clip) <= CacheLimitBytes;
        return (new VideoClipSource(data.Train, clip, keepClips, frameCacheBytes: frameBudget),
            validation.Samples.Count > 0 ? new VideoClipSource(validation, clip, keepValidation) : null);
    }

    /// <summary>Whether every clip the run draws (the evaluation clip and the augmentation variants of each video) fits
    /// in <see cref="CacheLimitBytes"/>, so that each is decoded once. Without variants the draws are unbounded.</summary>
    private static bool FitsInMemory(VideoDataset data, ClipSpec clip, TrainingOptions training) =>
        training.AugmentationVariants > 0
        && ClipBytes(data.Samples.Count, training.AugmentationVariants + 1, clip) <= CacheLimitBytes;

    private static long ClipBytes(int videos, int clipsEach, ClipSpec clip) => (long)videos * clipsEach * clip.ValueCount * sizeof(float);

    /// <summary>One line about the model trained.</summary>
    public static string Describe(ModelRecipe network, TimeSformerOptions model) =>
        network.Architecture switch
        {
            ModelArchitecture.TimeSformer => $"TimeSformer {model.Frames}x{model.ImageSize} px, patch {model.PatchSize}, width {model.EmbedDim}, depth {model.Depth}, {network.Attention}{(model.FrameDifferences ? ", frame differences" : "")}{(model.MeanPooling ? ", mean pooling" : "")}",
            ModelArchitecture.ResNet18Gru => ResNet18GruOptions.FromJson(network.ConfigJson).Describe(),
            ModelArchitecture.ResNet18TimeSformer => ResNet18TimeSformerOptions.FromJson(network.ConfigJson).Describe(),
            _ => $"CNN-RNN {model.Frames}x{model.ImageSize} px",
        };
}
