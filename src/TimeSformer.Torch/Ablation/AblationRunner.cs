using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Ablation;

/// <summary>
/// Trains several model variants on the same data, split, budget and seed, evaluates each one's best checkpoint on
/// the test set, and writes the comparison as <c>ablation.md</c> and <c>ablation.csv</c>.
/// </summary>
public sealed class AblationRunner
{
    /// <summary>Markdown table file name.</summary>
    public const string MarkdownFileName = "ablation.md";

    /// <summary>CSV table file name.</summary>
    public const string CsvFileName = "ablation.csv";

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
    /// <param name="validation">Validation clips (selects each variant's best checkpoint), or null.</param>
    /// <param name="test">Test clips.</param>
    /// <param name="outputDirectory">Where tables and per-variant runs go.</param>
    /// <param name="progress">Receives each variant's training progress, with the variant's name.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public IReadOnlyList<AblationResult> Run(IEnumerable<ModelRecipe> variants, ClipSpec clip, IClipSource train,
        IClipSource? validation, IClipSource test, string outputDirectory,
        IProgress<(string Variant, TrainingProgress Progress)>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new List<AblationResult>();
        var trainer = new Trainer(Options);
        foreach (var variant in variants)
        {
            manual_seed(Options.Seed);
            using var model = variant.CreateModel();
            var metadata = new VideoModelMetadata
            {
                Clip = clip, Labels = train.Labels, Architecture = variant.Architecture, ConfigJson = variant.ConfigJson,
            };
            var relay = progress is null ? null : new Relay(p => progress.Report((variant.Name, p)));
            var run = trainer.Train(model, metadata, train, validation, Path.Combine(outputDirectory, variant.Name), relay, cancellationToken);
            using (var best = ModelCheckpoint.Load(run.BestCheckpointPath))
                StateDictLoader.Load(model, best.StateDict, run.BestCheckpointPath);
            var eval = Trainer.Evaluate(model, test, Options.EvaluationBatchSize, Options.PrefetchBatches, Options.DataWorkers, cancellationToken);
            results.Add(new AblationResult
            {
                Variant = variant,
                TestAccuracy = eval.Accuracy,
                MacroAccuracy = eval.MacroAccuracy,
                ClassAccuracy = [.. eval.ConfusionMatrix.Select((row, c) => row.Sum() == 0 ? double.NaN : (double)row[c] / row.Sum())],
                Parameters = model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()),
                TrainingSeconds = run.History.Sum(m => m.Seconds),
                TrainClipsPerSecond = run.History.Average(m => m.ClipsPerSecond),
                BestEpoch = run.BestEpoch,
                Epochs = run.History.Count,
            });
            AtomicFile.WriteText(Path.Combine(outputDirectory, MarkdownFileName), AblationTable.ToMarkdown(results, train.Labels));
            AtomicFile.WriteText(Path.Combine(outputDirectory, CsvFileName), AblationTable.ToCsv(results));
        }
        return results;
    }

    private sealed class Relay(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
