using TimeSformer.Cli.Hosting;
using TimeSformer.Cli.Jobs;
using TimeSformer.Contract;
using TimeSformer.MLNet;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video.Datasets;
using static TorchSharp.torch;

namespace TimeSformer.Cli.Ablation;

/// <summary>
/// Trains several model variants on the same data, split, budget and seed, exports each one's model (best checkpoint or last epoch) and
/// evaluates it on the test split through the ML.NET pipeline (the metrics <c>evaluate</c> reports), and writes the
/// comparison as <c>ablation.md</c> and <c>ablation.csv</c>.
/// </summary>
internal sealed class AblationRunner
{
    /// <summary>Markdown table file name.</summary>
    public const string MarkdownFileName = "ablation.md";

    /// <summary>CSV table file name.</summary>
    public const string CsvFileName = "ablation.csv";

    /// <summary>File name of each variant's exported best model, in its run folder.</summary>
    public const string OnnxFileName = "model.onnx";

    /// <summary>Creates a runner training every variant with <paramref name="options"/>.</summary>
    public AblationRunner(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The training budget shared by every variant.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Trains and tests every variant; each gets a sub-folder of <paramref name="outputDirectory"/>.</summary>
    /// <param name="variants">The models to compare.</param>
    /// <param name="clip">The clip every variant takes (must match the sources).</param>
    /// <param name="train">Training clips.</param>
    /// <param name="validation">Validation clips (select each variant's best checkpoint), or null (each variant's last epoch is its model).</param>
    /// <param name="test">The test videos, scored through ML.NET.</param>
    /// <param name="outputDirectory">Where tables and per-variant runs go.</param>
    /// <param name="progress">Receives each variant's training progress, with the variant's name.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public IReadOnlyList<AblationResult> Run(IEnumerable<ModelRecipe> variants, ClipSpec clip, IClipSource train,
        IClipSource? validation, VideoDataset test, string outputDirectory,
        IProgress<(string Variant, TrainingProgress Progress)>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new List<AblationResult>();
        var trainer = new Trainer(Options);
        var scoring = new VideoScoringOptions { BadVideos = BadVideoHandling.Skip };
        var videos = test.Samples.Select(s => (s.Location, s.Label)).ToList();
        foreach (var variant in variants)
        {
            manual_seed(Options.Seed);
            using var model = variant.CreateModel();
            var metadata = new VideoModelMetadata
            {
                Clip = clip, Labels = train.Labels, Architecture = variant.Architecture, ConfigJson = variant.ConfigJson,
            };
            string folder = Path.Combine(outputDirectory, variant.Name);
            var relay = progress is null ? null : new Relay<TrainingProgress>(p => progress.Report((variant.Name, p)));
            var run = trainer.Train(model, metadata, train, validation, folder, relay, cancellationToken);
            string onnx = Path.Combine(folder, OnnxFileName);
            OnnxExporter.ExportCheckpoint(run.ModelCheckpointPath, onnx);
            var evaluation = VideoEvaluator.Evaluate(ScoringContext.Create(scoring), onnx, videos,
                new VideoEvaluationOptions { Scoring = scoring });
            var confusion = evaluation.Metrics.ConfusionMatrix;
            results.Add(new AblationResult
            {
                Variant = variant,
                TestAccuracy = evaluation.Metrics.MicroAccuracy,
                MacroAccuracy = evaluation.Metrics.MacroAccuracy,
                ClassAccuracy = [.. confusion.PerClassRecall.Select((recall, c) => confusion.Counts[c].Sum() == 0 ? double.NaN : recall)],
                Parameters = model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()),
                TrainingSeconds = run.History.Sum(m => m.Seconds),
                TrainClipsPerSecond = run.History.Average(m => m.ClipsPerSecond),
                ModelEpoch = run.ModelEpoch,
                Epochs = run.History.Count,
            });
            AtomicFile.WriteText(Path.Combine(outputDirectory, MarkdownFileName), AblationTable.ToMarkdown(results, train.Labels));
            AtomicFile.WriteText(Path.Combine(outputDirectory, CsvFileName), AblationTable.ToCsv(results));
        }
        return results;
    }
}
