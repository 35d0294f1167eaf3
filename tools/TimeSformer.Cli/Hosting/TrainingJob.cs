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

    public static Outcome Run(VideoDataset data, TimeSformerOptions model, TrainingOptions training, string outputDirectory, Terminal terminal)
    {
        var clip = new ClipSpec { Frames = model.Frames, Size = model.ImageSize, ShortSide = model.ImageSize };
        var train = Source(data.Train, clip);
        if (train.Count == 0)
            throw new InvalidDataException("The data has no training sample (split 'train').");
        var test = Source(data.Test, clip);
        var metadata = new VideoModelMetadata
        {
            Clip = clip, Labels = data.Labels, Architecture = TimeSformerCheckpoint.Architecture, ConfigJson = model.ToOfficialJson(),
        };
        Directory.CreateDirectory(outputDirectory);
        manual_seed(training.Seed);
        using var network = new Torch.Model.TimeSformer(model);
        var result = terminal.Progress("training", bar =>
            new Trainer(training).Train(network, metadata, train, test.Count > 0 ? test : null, outputDirectory, new ProgressRelay(bar)));

        using (var best = ModelCheckpoint.Load(result.BestCheckpointPath))
            StateDictLoader.Load(network, best.StateDict, result.BestCheckpointPath);
        var testResult = test.Count > 0
            ? Trainer.Evaluate(network, test, training.EvaluationBatchSize, training.PrefetchBatches, training.DataWorkers)
            : null;
        string onnx = Path.Combine(outputDirectory, OnnxFileName);
        var written = OnnxExporter.Export(network, metadata, onnx);
        return new Outcome(result, testResult, onnx, written);
    }

    /// <summary>The clips of <paramref name="data"/> in the label order of the whole dataset.</summary>
    public static VideoClipSource Source(VideoDataset data, ClipSpec clip) =>
        new([.. data.Samples.Select(s => (s.Path, data.LabelIndex(s.Label)))], data.Labels, clip);

    /// <summary>Turns trainer reports into bar updates and one note per epoch.</summary>
    private sealed class ProgressRelay(IProgressBar bar) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            double total = (double)p.Epochs * p.StepsPerEpoch;
            double done = (double)(p.Epoch - 1) * p.StepsPerEpoch + p.Step;
            string eta = p.Remaining.ToString(p.Remaining.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss");
            bar.Update(done, total, p.Phase == TrainingPhase.Validating
                ? $"epoch {p.Epoch}/{p.Epochs} testing   ETA {eta}"
                : $"epoch {p.Epoch}/{p.Epochs} loss {p.Loss:0.000} acc {p.Accuracy:0.0%} ETA {eta}");
            if (p.Phase == TrainingPhase.EpochEnd && p.Metrics is { } m)
                bar.Note(EpochLine(m, p.Epochs));
        }
    }

    public static string EpochLine(EpochMetrics m, int epochs) =>
        $"epoch {m.Epoch}/{epochs}: train loss {m.TrainLoss:0.000} acc {m.TrainAccuracy:0.0%}"
        + (m.ValidationAccuracy is double va ? $", test loss {m.ValidationLoss:0.000} acc {va:0.0%}" : "")
        + $", {m.ClipsPerSecond:0.0} clips/s, {m.Seconds:0.0} s";
}
