using TimeSformer.Torch.Model;

namespace TimeSformer.Torch.Training;

/// <summary>
/// Settings of a <see cref="Trainer"/> run. The defaults are the CPU recipe measured on the synthetic motion set
/// (docs/training-experiments.md); <see cref="OfficialSgd"/> gives the official TimeSformer fine-tuning recipe.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Epochs to train (fewer when early stopping triggers); with a <see cref="TimeBudget"/>, the most the
    /// budget may plan.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Wall-clock limit of one <see cref="Trainer.Train"/> or <see cref="Trainer.Resume"/> call (null = none).
    /// A fresh run measures its first epoch, plans the epochs that fit (<see cref="TimeBudgetPlanner"/>, at most
    /// <see cref="Epochs"/>) and runs the schedule over them. Should the budget still run out, the run stops after the
    /// epoch in progress, which keeps its checkpoints, state and log whole; a resumed run keeps the plan it had.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Clips per optimisation step.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The optimiser.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

    /// <summary>Peak learning rate (reached at the end of the warm-up).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Weight decay on weights; never on <c>pos_embed</c>, <c>cls_token</c>, <c>time_embed</c>, biases and
    /// normalisation parameters (see <see cref="ParameterGroups"/>).</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>SGD momentum (ignored by AdamW).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Learning-rate schedule after the warm-up.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;

    /// <summary>Epochs of linear warm-up from 0 to <see cref="LearningRate"/> (fractions allowed).</summary>
    public double WarmupEpochs { get; init; } = 2;

    /// <summary>Cosine floor as a fraction of <see cref="LearningRate"/>.</summary>
    public double MinLearningRateFactor { get; init; } = 0.01;

    /// <summary>Epochs at which the <see cref="LearningRateSchedule.Step"/> schedule multiplies the rate by
    /// <see cref="DecayFactor"/>.</summary>
    public IReadOnlyList<int> DecayEpochs { get; init; } = [];

    /// <summary>Factor of each step decay.</summary>
    public double DecayFactor { get; init; } = 0.1;

    /// <summary>Learning-rate multiplier of <c>time_embed</c> (1 = same as every other parameter).</summary>
    public double TimeEmbeddingLearningRateScale { get; init; } = 1;

    /// <summary>How linear layers of a model built from scratch are initialised when <see cref="Trainer.Train"/> starts.
    /// A model that holds trained or loaded weights keeps them whatever this says.</summary>
    public WeightInitialization Initialization { get; init; } = WeightInitialization.XavierUniform;

    /// <summary>How <c>time_embed</c> of a model built from scratch is initialised when <see cref="Trainer.Train"/> starts.</summary>
    public TimeEmbeddingInit TimeEmbeddingInit { get; init; } = TimeEmbeddingInit.Sinusoidal;

    /// <summary>Amplitude of the <see cref="TimeEmbeddingInit.Sinusoidal"/> codes.</summary>
    public double TimeEmbeddingScale { get; init; } = 2;

    /// <summary>Label smoothing of the cross-entropy loss (0 = none).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Maximum global gradient norm (0 = no clipping).</summary>
    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>Stop when validation accuracy has not improved for this many epochs (0 = never).</summary>
    public int Patience { get; init; }

    /// <summary>Seed of weights-independent randomness: sample order, clip offsets and crops, dropout, drop path.</summary>
    public int Seed { get; init; }

    /// <summary>libtorch intra-op threads (0 = leave libtorch's choice).</summary>
    public int Threads { get; init; }

    /// <summary>Decoded batches kept ready ahead of the training step.</summary>
    public int PrefetchBatches { get; init; } = 2;

    /// <summary>Clips decoded in parallel by the prefetcher.</summary>
    public int DataWorkers { get; init; } = 1;

    /// <summary>Distinct random training clips per video (0 = a fresh offset and crop every epoch; K = epoch e reuses
    /// the draw of epoch e mod K, so a clip cache holds at most K clips per video).</summary>
    public int AugmentationVariants { get; init; } = 4;

    /// <summary>Largest random shift of a training clip, as a fraction of its side, drawn anew at every step
    /// (<see cref="ClipAugmenter"/>; 0 = none).</summary>
    public double AugmentationShift { get; init; } = 0.1;

    /// <summary>Largest random zoom of a training clip: a factor in [1 - z, 1 + z], drawn anew at every step
    /// (<see cref="ClipAugmenter"/>; 0 = none).</summary>
    public double AugmentationZoom { get; init; } = 0.1;

    /// <summary>Clips per evaluation batch.</summary>
    public int EvaluationBatchSize { get; init; } = 32;

    /// <summary>The official TimeSformer fine-tuning recipe: SGD, momentum 0.9, lr 0.005, weight decay 1e-4, 15 epochs
    /// with the rate divided by 10 at epochs 11 and 14, no warm-up, no label smoothing, the model's own weights.</summary>
    public static TrainingOptions OfficialSgd { get; } = new()
    {
        Optimizer = OptimizerKind.Sgd, LearningRate = 0.005, WeightDecay = 1e-4, Momentum = 0.9, Epochs = 15,
        Schedule = LearningRateSchedule.Step, DecayEpochs = [11, 14], WarmupEpochs = 0, LabelSmoothing = 0,
        GradientClipNorm = 0, AugmentationVariants = 0, AugmentationShift = 0, AugmentationZoom = 0, Initialization = WeightInitialization.Model,
        TimeEmbeddingInit = TimeEmbeddingInit.Model,
    };

    /// <summary>These options for a model that caches frozen per-clip features: no per-step shift or zoom, and a fixed
    /// number of clip draws per video (this one's, or the library default when draws are fresh every epoch), so that
    /// each draw goes through the frozen network once per run.</summary>
    public TrainingOptions ForCachedFeatures() => this with
    {
        AugmentationShift = 0,
        AugmentationZoom = 0,
        AugmentationVariants = AugmentationVariants > 0 ? AugmentationVariants : new TrainingOptions().AugmentationVariants,
    };

    /// <summary>These options with every from-scratch initialisation off, so that <see cref="Trainer.Train"/> keeps even
    /// a freshly built model's own (official) initialisation.</summary>
    public TrainingOptions ForFineTuning() =>
        this with { Initialization = WeightInitialization.Model, TimeEmbeddingInit = TimeEmbeddingInit.Model };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"TrainingOptions.Epochs must be at least 1, was {Epochs}.");
        if (TimeBudget <= TimeSpan.Zero) throw new ArgumentException($"TrainingOptions.TimeBudget must be positive, was {TimeBudget}.");
        if (BatchSize < 1) throw new ArgumentException($"TrainingOptions.BatchSize must be at least 1, was {BatchSize}.");
        if (EvaluationBatchSize < 1) throw new ArgumentException($"TrainingOptions.EvaluationBatchSize must be at least 1, was {EvaluationBatchSize}.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"TrainingOptions.LearningRate must be positive and finite, was {LearningRate}.");
        if (WeightDecay < 0) throw new ArgumentException($"TrainingOptions.WeightDecay must not be negative, was {WeightDecay}.");
        if (WarmupEpochs < 0) throw new ArgumentException($"TrainingOptions.WarmupEpochs must not be negative, was {WarmupEpochs}.");
        if (LabelSmoothing < 0 || LabelSmoothing >= 1) throw new ArgumentException($"TrainingOptions.LabelSmoothing must be in [0, 1), was {LabelSmoothing}.");
        if (GradientClipNorm < 0) throw new ArgumentException($"TrainingOptions.GradientClipNorm must not be negative, was {GradientClipNorm}.");
        if (Patience < 0) throw new ArgumentException($"TrainingOptions.Patience must not be negative, was {Patience}.");
        if (PrefetchBatches < 1 || DataWorkers < 1) throw new ArgumentException("TrainingOptions.PrefetchBatches and DataWorkers must be at least 1.");
        if (AugmentationVariants < 0) throw new ArgumentException($"TrainingOptions.AugmentationVariants must not be negative, was {AugmentationVariants}.");
        if (AugmentationShift < 0 || AugmentationShift > 0.5) throw new ArgumentException($"TrainingOptions.AugmentationShift must be in [0, 0.5], was {AugmentationShift}.");
        if (AugmentationZoom < 0 || AugmentationZoom >= 1) throw new ArgumentException($"TrainingOptions.AugmentationZoom must be in [0, 1), was {AugmentationZoom}.");
        if (Threads < 0) throw new ArgumentException($"TrainingOptions.Threads must not be negative, was {Threads}.");
        if (TimeEmbeddingLearningRateScale <= 0) throw new ArgumentException("TrainingOptions.TimeEmbeddingLearningRateScale must be positive.");
    }
}
