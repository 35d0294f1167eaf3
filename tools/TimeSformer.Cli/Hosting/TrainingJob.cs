using TimeSformer.Torch.Export;
using TimeSformer.Torch.Import;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video;
using TimeSformer.Video.Datasets;
using static TorchSharp.torch;

namespace TimeSformer.Cli.Hosting;

/// <summary>Trains a TimeSformer on split data with a progress display, then exports the best checkpoint as
/// <c>model.onnx</c> beside it. Used by <c>train</c> and <c>demo</c>.</summary>
internal static class TrainingJob
{
    /// <summary>File name of the exported model in the output folder.</summary>
    public const string OnnxFileName = "model.onnx";

    public sealed record Outcome(TrainingResult Training, EvaluationResult? Test, string OnnxPath, VideoModelMetadata Metadata);

    public static Outcome Run(VideoDataset data, TimeSformerOptions model, TrainingOptions training, string outputDirectory, Terminal terminal, bool resume = false)
    {
        var clip = new ClipSpec { Frames = model.Frames, Size = model.ImageSize, ShortSide = model.ImageSize };
        var train = new VideoClipSource(data.Train, clip);
        if (train.Count == 0)
            throw new InvalidDataException("The data has no training sample (split 'train').");
        var test = new VideoClipSource(data.Test, clip);
        var metadata = new VideoModelMetadata
        {
            Clip = clip, Labels = data.Labels, Architecture = TimeSformerCheckpoint.Architecture, ConfigJson = model.ToOfficialJson(),
        };
        Directory.CreateDirectory(outputDirectory);
        manual_seed(training.Seed);
        using var network = new Torch.Model.TimeSformer(model);
        var trainer = new Trainer(training);
        var validation = test.Count > 0 ? test : null;
        var result = terminal.Progress("training", bar => resume
            ? trainer.Resume(network, metadata, train, validation, outputDirectory, new TrainingProgressDisplay(bar))
            : trainer.Train(network, metadata, train, validation, outputDirectory, new TrainingProgressDisplay(bar)));

        using (var best = ModelCheckpoint.Load(result.BestCheckpointPath))
            StateDictLoader.Load(network, best.StateDict, result.BestCheckpointPath);
        var testResult = test.Count > 0
            ? Trainer.Evaluate(network, test, training.EvaluationBatchSize, training.PrefetchBatches, training.DataWorkers)
            : null;
        string onnx = Path.Combine(outputDirectory, OnnxFileName);
        var written = OnnxExporter.Export(network, metadata, onnx);
        return new Outcome(result, testResult, onnx, written);
    }
}
