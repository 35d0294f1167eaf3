using System.Diagnostics;
using System.Text.Json;
using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Evaluation;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Training;

/// <summary>
/// Trains a video classifier (<see cref="TimeSformerModel"/>, <see cref="Model.CnnRnn"/> or any module taking
/// [B, T, 3, S, S] clips) on an <see cref="IClipSource"/>. Each epoch appends its metrics to a JSON-lines log, draws
/// the curves, and writes the last and best checkpoints (<see cref="ModelCheckpoint"/>) and a resumable training
/// state, all atomically; <see cref="TrainingResult.ModelCheckpointPath"/> says which of the two is the run's model.
/// Deterministic for a seed: an interrupted run resumed with <see cref="Resume"/> ends with the weights of an
/// uninterrupted one.
/// </summary>
public sealed class Trainer
{
    /// <summary>Resumable state (weights, optimiser, counters) in the output directory.</summary>
    public const string StateFileName = "training-state.bin";

    /// <summary>JSON-lines log, one <see cref="EpochMetrics"/> per line.</summary>
    public const string LogFileName = "training-log.jsonl";

    /// <summary>Best checkpoint by validation accuracy (training accuracy without validation clips).</summary>
    public const string BestCheckpointFileName = "best.safetensors";

    /// <summary>Checkpoint after the last finished epoch.</summary>
    public const string LastCheckpointFileName = "last.safetensors";

    /// <summary>Loss and accuracy curves.</summary>
    public const string CurvesFileName = "training-curves.png";

    /// <summary>Creates a trainer with <paramref name="options"/>.</summary>
    public Trainer(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The settings.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Trains <paramref name="model"/>, replacing any earlier run's files in <paramref name="outputDirectory"/>.
    /// A model built from scratch (still holding its constructor's weights, see <see cref="InitialWeights"/>) first gets
    /// the from-scratch initialisation of <see cref="TrainingOptions.Initialization"/> and
    /// <see cref="TrainingOptions.TimeEmbeddingInit"/>; a model that holds trained or loaded weights keeps them.</summary>
    /// <param name="model">The model; it is trained in place.</param>
    /// <param name="metadata">Clip spec and labels written into the checkpoints (labels must match the sources).</param>
    /// <param name="train">Training clips.</param>
    /// <param name="validation">Validation clips (selects the best checkpoint and drives early stopping), or null.</param>
    /// <param name="outputDirectory">Where checkpoints, log, curves and state go.</param>
    /// <param name="progress">Receives a report after every step and epoch.</param>
    /// <param name="cancellationToken">Stops the run between steps; the last finished epoch stays resumable.</param>
    public TrainingResult Train(nn.Module<Tensor, Tensor> model, VideoModelMetadata metadata, IClipSource train,
        IClipSource? validation, string outputDirectory, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Run(model, metadata, train, validation, outputDirectory, resume: false, progress, cancellationToken);

    /// <summary>Continues the run whose state is in <paramref name="outputDirectory"/>: weights, optimiser state and
    /// schedule position are restored and training goes on to <see cref="TrainingOptions.Epochs"/>, or to the epochs
    /// that the run's time budget planned (a <see cref="TrainingOptions.TimeBudget"/> given now only limits this call).
    /// <paramref name="model"/> must be built like the interrupted one (its weights are replaced).</summary>
    /// <exception cref="FileNotFoundException">There is no training state to resume.</exception>
    public TrainingResult Resume(nn.Module<Tensor, Tensor> model, VideoModelMetadata metadata, IClipSource train,
        IClipSource? validation, string outputDirectory, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Run(model, metadata, train, validation, outputDirectory, resume: true, progress, cancellationToken);

    private TrainingResult Run(nn.Module<Tensor, Tensor> model, VideoModelMetadata metadata, IClipSource train,
        IClipSource? validation, string outputDirectory, bool resume, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(train);
        CheckSource(train, metadata, "training");
        if (validation is not null) CheckSource(validation, metadata, "validation");
        metadata = TrainedModel.Describe(metadata, model);
        if (train.Count == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        if (Options.Threads > 0) set_num_threads(Options.Threads);
        Directory.CreateDirectory(outputDirectory);
        string statePath = Path.Combine(outputDirectory, StateFileName);
        string logPath = Path.Combine(outputDirectory, LogFileName);
        string bestPath = Path.Combine(outputDirectory, BestCheckpointFileName);
        string lastPath = Path.Combine(outputDirectory, LastCheckpointFileName);

        var groups = ParameterGroups.Split(model, Options);
        using var optimizer = ParameterGroups.CreateOptimizer(groups, Options);
        TrainingState state;
        if (resume)
        {
            state = TrainingState.Load(statePath, model, optimizer);
            // Drops log lines of an epoch that finished after the state was saved.
            AtomicFile.WriteText(logPath, string.Concat(state.History.Select(m => JsonSerializer.Serialize(m) + "\n")));
        }
        else
        {
            manual_seed(SeedMixer.Mix(Options.Seed, 0));
            // The from-scratch initialisation is for models built from scratch: trained or loaded weights are kept.
            if (InitialWeights.AreUnchanged(model))
            {
                using var initScope = NewDisposeScope();
                if (Options.Initialization == WeightInitialization.XavierUniform) XavierLinear(model);
                if (Options.TimeEmbeddingInit == TimeEmbeddingInit.Sinusoidal) TimeEmbeddings.SetSinusoidal(model, Options.TimeEmbeddingScale);
            }
            state = new TrainingState
            {
                CompletedEpochs = 0, GlobalStep = 0, BestEpoch = 0, BestAccuracy = double.NegativeInfinity,
                BestLoss = double.PositiveInfinity, EpochsWithoutImprovement = 0, History = [],
            };
            File.Delete(logPath);
        }

        var watch = Stopwatch.StartNew();
        int stepsPerEpoch = (train.Count + Options.BatchSize - 1) / Options.BatchSize;
        int epochsAtStart = state.CompletedEpochs;
        var epochEnds = new List<double>();
        bool stoppedEarly = Options.Patience > 0 && state.EpochsWithoutImprovement >= Options.Patience;
        bool outOfTime = false;
        // Before a budget's plan exists the schedule spans the cap; warm-up usually covers the measuring epoch.
        var schedule = state.PlannedEpochs is int planned ? TimeBudgetPlanner.Schedule(Options, planned) : Options;
        for (int epoch = state.CompletedEpochs + 1; epoch <= schedule.Epochs && !stoppedEarly && !outOfTime; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var epochWatch = Stopwatch.StartNew();
            var (trainLoss, trainAccuracy, lr, clipsPerSecond, step) = TrainEpoch(model, optimizer, groups, train, schedule, epoch,
                state.GlobalStep, stepsPerEpoch, epochsAtStart, watch, progress, cancellationToken);
            EvaluationResult? val = null;
            if (validation is not null)
            {
                progress?.Report(Report(schedule, TrainingPhase.Validating, epoch, stepsPerEpoch, stepsPerEpoch, trainLoss, trainAccuracy, lr, watch, epochsAtStart, null));
                val = ClipEvaluator.Evaluate(model, validation, Options.EvaluationBatchSize, Options.PrefetchBatches, Options.DataWorkers, cancellationToken);
            }
            double accuracy = val?.Accuracy ?? trainAccuracy;
            double loss = val?.Loss ?? trainLoss;
            // Stop before a diverged epoch reaches a checkpoint, the state or the log (JSON has no NaN or infinity).
            if (!double.IsFinite(trainLoss) || !double.IsFinite(loss))
                throw new InvalidOperationException($"Training diverged in epoch {epoch}: the loss is {(double.IsFinite(trainLoss) ? loss : trainLoss)}. "
                    + $"Lower the learning rate (it was {Options.LearningRate}); the checkpoints of epoch {epoch - 1} and before are kept.");
            bool improved = accuracy > state.BestAccuracy || (accuracy == state.BestAccuracy && loss < state.BestLoss);
            if (improved) ModelCheckpoint.Save(bestPath, model, metadata);
            ModelCheckpoint.Save(lastPath, model, metadata);
            var metrics = new EpochMetrics
            {
                Epoch = epoch, TrainLoss = trainLoss, TrainAccuracy = trainAccuracy, ValidationLoss = val?.Loss,
                ValidationAccuracy = val?.Accuracy, LearningRate = lr, ClipsPerSecond = clipsPerSecond,
                Seconds = epochWatch.Elapsed.TotalSeconds,
            };
            state = state with
            {
                CompletedEpochs = epoch, GlobalStep = step,
                BestEpoch = improved ? epoch : state.BestEpoch,
                BestAccuracy = improved ? accuracy : state.BestAccuracy,
                BestLoss = improved ? loss : state.BestLoss,
                EpochsWithoutImprovement = improved ? 0 : state.EpochsWithoutImprovement + 1,
                History = [.. state.History, metrics],
            };
            // A fresh run re-plans after every epoch from the speed of its recent epochs (the first pays one-off costs:
            // JIT, allocator, clip caches) and saves the plan with the epoch's state: a resumed run follows the plan it
            // finds, as re-measuring on another day could not reproduce the schedule.
            if (Options.TimeBudget is { } budget && !resume)
            {
                // Whole epochs as the budget sees them: start-up, checkpoints, state and curves included, which on a
                // small set can take as long as the training steps.
                epochEnds.Add(watch.Elapsed.TotalSeconds);
                var seconds = epochEnds.Select((end, i) => end - (i == 0 ? 0 : epochEnds[i - 1])).ToList();
                int plan = TimeBudgetPlanner.Replan(budget, watch.Elapsed, seconds, Options.Epochs);
                // The epoch just trained followed a schedule that promised another: run it, so that the last epoch is
                // always one whose schedule knew it was the last (its rate at the floor). Should that overrun the
                // budget, the out-of-time check below stops the run as before.
                if ((state.PlannedEpochs ?? Options.Epochs) > epoch) plan = Math.Max(plan, Math.Min(epoch + 1, Options.Epochs));
                state = state with { PlannedEpochs = plan };
                schedule = TimeBudgetPlanner.Schedule(Options, state.PlannedEpochs.Value);
            }
            // The state file is the commit point of an epoch: a crash before it repeats the epoch on resume.
            state.Save(statePath, model, optimizer);
            File.AppendAllText(logPath, JsonSerializer.Serialize(metrics) + "\n");
            TrainingCurves.Save(Path.Combine(outputDirectory, CurvesFileName), state.History);
            stoppedEarly = Options.Patience > 0 && state.EpochsWithoutImprovement >= Options.Patience && epoch < schedule.Epochs;
            // Checked between epochs only: the epoch in progress finishes, as abandoning it would throw its work away and
            // leave the schedule an epoch short of its floor; the plan keeps the overrun to a part of one epoch.
            outOfTime = Options.TimeBudget is { } limit && watch.Elapsed >= limit && epoch < schedule.Epochs;
            progress?.Report(Report(schedule, TrainingPhase.EpochEnd, epoch, stepsPerEpoch, stepsPerEpoch, trainLoss, trainAccuracy, lr, watch, epochsAtStart, metrics));
        }
        return new TrainingResult
        {
            History = state.History, BestEpoch = state.BestEpoch, BestAccuracy = state.BestAccuracy,
            BestCheckpointPath = bestPath, LastCheckpointPath = lastPath, StoppedEarly = stoppedEarly,
            ModelCheckpointPath = validation is null ? lastPath : bestPath,
            ModelEpoch = validation is null ? state.CompletedEpochs : state.BestEpoch,
            PlannedEpochs = schedule.Epochs,
            EndedByTimeBudget = outOfTime || (state.PlannedEpochs < Options.Epochs && state.CompletedEpochs == state.PlannedEpochs),
            Elapsed = watch.Elapsed,
        };
    }

    private (double Loss, double Accuracy, double LearningRate, double ClipsPerSecond, long GlobalStep) TrainEpoch(
        nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, IReadOnlyList<ParameterGroup> groups, IClipSource train,
        TrainingOptions schedule, int epoch, long globalStep, int stepsPerEpoch, int epochsAtStart, Stopwatch watch,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        // Every epoch reseeds from (seed, epoch): order, clip draws, dropout and drop path need no saved RNG state.
        manual_seed(SeedMixer.Mix(Options.Seed, 1, epoch));
        var order = Enumerable.Range(0, train.Count).ToArray();
        new Random(SeedMixer.Mix(Options.Seed, 2, epoch)).Shuffle(order);
        var augmentation = model is ICachesFrozenFeatures ? Options.ForCachedFeatures() : Options;
        int drawEpoch = augmentation.AugmentationVariants > 0 ? (epoch - 1) % augmentation.AugmentationVariants : epoch;
        var parameters = groups.SelectMany(g => g.Parameters.Select(p => p.Parameter)).ToList();
        var controllers = optimizer.ParamGroups.ToList();
        model.train();
        double lossSum = 0, lr = 0, stepSeconds = 0;
        long correct = 0, seen = 0;
        int step = 0;
        int SeedOf(int draw, int sample) => SeedMixer.Mix(Options.Seed, 3, draw, sample);
        int variants = augmentation.AugmentationVariants;
        // The first epoch of a cycle of cached draws reads each video once for all of them; the next epochs find theirs kept.
        Func<int, float[]> load = variants > 0 && drawEpoch == 0 && train.KeepsClips
            ? i => train.LoadDraws(i, [.. Enumerable.Range(0, variants).Select(d => SeedOf(d, i))])[0]
            : i => train.Load(i, SeedOf(drawEpoch, i));
        using var prefetcher = new BatchPrefetcher(train, Chunk(order, Options.BatchSize), load, Options.PrefetchBatches, Options.DataWorkers);
        long waitStart = Stopwatch.GetTimestamp();
        foreach (var batch in prefetcher.Batches())
        {
            cancellationToken.ThrowIfCancellationRequested();
            lr = LearningRateScheduler.Rate(schedule, globalStep, stepsPerEpoch);
            for (int g = 0; g < controllers.Count; g++) controllers[g].LearningRate = lr * groups[g].LearningRateScale;
            using (var noCollection = NoCollectionRegion.Enter())
            using (var scope = NewDisposeScope())
            {
                var (x, y) = batch.ToTensors(train.ClipShape);
                x = ClipAugmenter.ShiftAndZoom(x, augmentation.AugmentationShift, augmentation.AugmentationZoom);
                var logits = model.call(x);
                ClipEvaluator.CheckClasses(logits, train.Labels.Count);
                var loss = nn.functional.cross_entropy(logits, y, label_smoothing: Options.LabelSmoothing);
                optimizer.zero_grad();
                loss.backward();
                if (Options.GradientClipNorm > 0) nn.utils.clip_grad_norm_(parameters, Options.GradientClipNorm);
                optimizer.step();
                lossSum += loss.item<float>() * batch.Count;
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
            seen += batch.Count;
            step++;
            globalStep++;
            stepSeconds += Stopwatch.GetElapsedTime(waitStart).TotalSeconds;
            waitStart = Stopwatch.GetTimestamp();
            progress?.Report(Report(schedule, TrainingPhase.Step, epoch, step, stepsPerEpoch, lossSum / seen, (double)correct / seen, lr, watch, epochsAtStart, null));
        }
        return (lossSum / seen, (double)correct / seen, lr, seen / Math.Max(stepSeconds, 1e-9), globalStep);
    }

    private TrainingProgress Report(TrainingOptions schedule, TrainingPhase phase, int epoch, int step, int stepsPerEpoch,
        double loss, double accuracy, double lr, Stopwatch watch, int epochsAtStart, EpochMetrics? metrics)
    {
        double done = (epoch - 1 - epochsAtStart) + (double)step / stepsPerEpoch;
        double left = schedule.Epochs - epochsAtStart - done;
        var remaining = done <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(watch.Elapsed.TotalSeconds / done * left);
        TimeSpan? budgetLeft = Options.TimeBudget is { } budget ? TimeSpan.FromTicks(Math.Max(0, (budget - watch.Elapsed).Ticks)) : null;
        return new TrainingProgress
        {
            Phase = phase, Epoch = epoch, Epochs = schedule.Epochs, Step = step, StepsPerEpoch = stepsPerEpoch,
            Loss = loss, Accuracy = accuracy, LearningRate = lr, Elapsed = watch.Elapsed,
            Remaining = budgetLeft < remaining ? budgetLeft.Value : remaining,
            BudgetRemaining = budgetLeft,
            Metrics = metrics,
        };
    }

    private static void XavierLinear(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var module in model.modules())
        {
            if (module is TorchSharp.Modules.Linear linear)
            {
                nn.init.xavier_uniform_(linear.weight);
                if (linear.bias is not null) nn.init.zeros_(linear.bias);
            }
        }
    }

    private static void CheckSource(IClipSource source, VideoModelMetadata metadata, string role)
    {
        if (!source.Labels.SequenceEqual(metadata.Labels))
            throw new ArgumentException($"The {role} set's labels ({string.Join(", ", source.Labels)}) differ from the model metadata's ({string.Join(", ", metadata.Labels)}).");
        var spec = metadata.Clip;
        if (source.ClipShape.Count != 4 || source.ClipShape[0] != spec.Frames || source.ClipShape[2] != spec.Size || source.ClipShape[3] != spec.Size)
            throw new ArgumentException($"The {role} set's clips are [{string.Join(", ", source.ClipShape)}]; the metadata's clip spec is [{spec.Frames}, 3, {spec.Size}, {spec.Size}].");
    }

    private static List<int[]> Chunk(int[] indices, int size) => [.. indices.Chunk(size)];
}
