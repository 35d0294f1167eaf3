using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TimeSformer.Cli.Hosting;
using TimeSformer.Cli.Jobs;
using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video.Datasets;

namespace TimeSformer.Cli.Arguments;

/// <summary>The model, split and optimisation options shared by <c>train</c>, <c>ablate</c> and <c>demo</c>. Defaults
/// are the library's tuned CPU recipe (<see cref="TrainingOptions"/>, <see cref="TimeSformerOptions.Small"/>).</summary>
internal sealed class TrainingArguments
{
    private static readonly TrainingOptions Defaults = new();

    public TrainingArguments()
    {
        Preset = new Option<string>("--preset")
        {
            Description = "Model size: small (8 frames of 32 px, patch 8, width 64, depth 2: minutes on 2 cores), tiny (4x32 px, "
                + "width 32, depth 2), base (the paper's 8x224), hr (16x448), large (96x224).",
            DefaultValueFactory = _ => "small",
        };
        Preset.AcceptOnlyFromAmong("small", "tiny", "base", "hr", "large");
        Architecture = new Option<string>("--architecture")
        {
            Description = "timesformer; cnn-rnn: the CNN-GRU baseline taking the same clips (frames and size of the preset); "
                + "resnet18-gru: a frozen ImageNet-pretrained ResNet18 per frame (each frame resized to 128 px, features cached) and a GRU; or "
                + "resnet18-timesformer: a divided space-time transformer whose tokens are the frozen ResNet18's feature maps after "
                + "--backbone-stage (plus pixel patches on the same grid: --pixel-patches).",
            DefaultValueFactory = _ => ModelArchitecture.TimeSformer,
        };
        Architecture.AcceptOnlyFromAmong([.. ModelArchitecture.All]);
        var hybrid = new ResNet18TimeSformerOptions();
        BackboneStage = new Option<int?>("--backbone-stage")
        {
            Description = "resnet18-timesformer: the ResNet18 stage whose maps become the tokens: 2 (an 8th of --backbone-size a side: "
                + $"8x8 tokens a frame at 64 px), 3 (a 16th) or 4 (a 32nd) (default: {hybrid.Stage}).",
        };
        BackboneStage.AcceptOnlyFromAmong("2", "3", "4");
        BackboneSize = new Option<int?>("--backbone-size")
        {
            Description = $"resnet18-timesformer: the side frames are resized to for ResNet18, a multiple of 32 (default: {hybrid.BackboneSize}).",
        };
        BackboneSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is int side && (side < 32 || side % 32 != 0))
                result.AddError($"--backbone-size must be a multiple of 32, was {side}.");
        });
        PixelPatches = new Option<bool?>("--pixel-patches")
        {
            Description = $"resnet18-timesformer: add a pixel patch embedding on the token grid, true or false (default: {(hybrid.PixelPatches ? "true" : "false")}).",
        };
        Config = new Option<FileInfo?>("--config")
        {
            Description = "JSON with official config names (img_size, patch_size, num_frames, embed_dim, depth, num_heads, attention_type, ...) overriding the preset.",
        };
        Frames = new Option<int?>("--frames") { Description = "Frames per clip (default: the preset's)." }.AtLeast(1);
        Size = new Option<int?>("--size") { Description = "Clip side in pixels, a multiple of the patch size (default: the preset's)." }.AtLeast(1);
        Patch = new Option<int?>("--patch") { Description = "Patch side in pixels, a divisor of the clip side (default: the preset's)." }.AtLeast(1);
        Attention = new Option<string?>("--attention") { Description = "Attention scheme: divided_space_time, joint_space_time or space_only (default: the preset's, divided)." };
        Attention.AcceptOnlyFromAmong("divided_space_time", "joint_space_time", "space_only");
        FrameDifferences = new Option<bool>("--frame-differences")
        {
            Description = "Give the TimeSformer's pixel patches (also resnet18-timesformer's, with --pixel-patches) each frame's difference from the one before as extra input channels (default: true, unless --config sets frame_differences).",
            DefaultValueFactory = _ => true,
        };
        MeanPooling = new Option<bool?>("--mean-pooling")
        {
            Description = "Let the TimeSformer's head read the mean of the patch tokens instead of the CLS token, true or false (train, ablate: true for a "
                + "training split of up to 1,000 clips, false for a larger one; demo: false; unless --config sets mean_pooling).",
        };
        Fit = new Option<FrameFit?>("--fit")
        {
            Description = "How frames that are not square become the model's square clip: stretch (the whole frame, stretched; the default "
                + "for a model trained from scratch) or crop (short side resized, the ends of the long side cut: the official pipeline, the "
                + "default with --init).",
        };
        Fit.AcceptOnlyFromAmong("stretch", "crop");
        Epochs = new Option<int>("--epochs") { Description = "Training epochs (train, demo: a time budget unless given).", DefaultValueFactory = _ => Defaults.Epochs }.AtLeast(1);
        BatchSize = new Option<int>("--batch-size") { Description = "Clips per optimisation step.", DefaultValueFactory = _ => Defaults.BatchSize }.AtLeast(1);
        LearningRate = new Option<double>("--lr") { Description = "Peak learning rate (after warm-up).", DefaultValueFactory = _ => Defaults.LearningRate }.Above(0);
        Optimizer = new Option<OptimizerKind>("--optimizer") { Description = "AdamW, or Sgd with momentum 0.9.", DefaultValueFactory = _ => Defaults.Optimizer };
        Patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a better accuracy on the 'val' split (training accuracy when the data has none; 0 = never).", DefaultValueFactory = _ => Defaults.Patience }.AtLeast(0);
        TestFraction = new Option<double>("--test-fraction")
        {
            Description = "Fraction of the groups held out for testing when the data has no split column.",
            DefaultValueFactory = _ => 0.25,
        };
        TestFraction.Between(0, 0.95);
        ValidationFraction = new Option<double>("--val-fraction")
        {
            Description = "Fraction of the training groups held out as the 'val' split, whose best checkpoint becomes the model and "
                + "which drives --patience (0 = none: the data's own 'val' split if it has one, else the last epoch is the model).",
            DefaultValueFactory = _ => 0,
        };
        ValidationFraction.Between(0, 0.9);
        Seed = new Option<int>("--seed") { Description = "Seed of the split, initial weights and augmentation.", DefaultValueFactory = _ => 0 };
        Threads = new Option<int>("--threads") { Description = "libtorch threads (0 = all cores).", DefaultValueFactory = _ => Defaults.Threads }.AtLeast(0);
        Variants = new Option<int>("--augmentation-variants")
        {
            Description = "Distinct random training clips per video, reused in turn (0 = a new one every epoch); small sets keep them in memory.",
            DefaultValueFactory = _ => Defaults.AugmentationVariants,
        }.AtLeast(0);
        TimeBudget = new Option<TimeSpan?>(TimeBudgetName)
        {
            Description = "Train as well as fits in this time (90s, 5m, 1h30m, 00:05:00): the epochs' speed plans the epochs "
                + $"(at most {TimeBudgetPlanner.MaxEpochs}) and the learning-rate schedule ends with them; a small split's videos are "
                + "read into memory before the budget starts. An explicit --epochs wins.",
            CustomParser = DurationText.ParseOption,
        };
        Shift = new Option<double>("--augment-shift")
        {
            Description = "Largest random shift of a training clip, a fraction of its side, drawn anew every step (0 = none).",
            DefaultValueFactory = _ => Defaults.AugmentationShift,
        };
        Shift.Between(0, 0.5);
        Zoom = new Option<double>("--augment-zoom")
        {
            Description = "Largest random zoom of a training clip (a factor in [1-z, 1+z]), drawn anew every step (0 = none).",
            DefaultValueFactory = _ => Defaults.AugmentationZoom,
        };
        Zoom.Between(0, 0.9);
        Workers = new Option<int>("--workers") { Description = "Threads decoding clips ahead of training.", DefaultValueFactory = _ => Defaults.DataWorkers }.AtLeast(1);
    }

    public Option<string> Preset { get; }
    public Option<string> Architecture { get; }
    public Option<int?> BackboneStage { get; }
    public Option<int?> BackboneSize { get; }
    public Option<bool?> PixelPatches { get; }

    /// <summary>The options that choose the model family and shape its non-TimeSformer variants (<c>train</c>,
    /// <c>demo</c>; <c>ablate</c> names variants instead).</summary>
    public IEnumerable<Option> ArchitectureOptions => [Architecture, BackboneStage, BackboneSize, PixelPatches];
    public Option<FileInfo?> Config { get; }
    public Option<int?> Frames { get; }
    public Option<int?> Size { get; }
    public Option<int?> Patch { get; }
    public Option<string?> Attention { get; }
    public Option<bool> FrameDifferences { get; }
    public Option<bool?> MeanPooling { get; }
    public Option<FrameFit?> Fit { get; }
    public Option<int> Epochs { get; }
    public Option<int> BatchSize { get; }
    public Option<double> LearningRate { get; }
    public Option<OptimizerKind> Optimizer { get; }
    public Option<int> Patience { get; }
    public Option<double> TestFraction { get; }
    public Option<double> ValidationFraction { get; }
    public Option<int> Seed { get; }
    public Option<int> Threads { get; }
    public Option<int> Variants { get; }
    public Option<int> Workers { get; }
    public Option<double> Shift { get; }
    public Option<double> Zoom { get; }
    public Option<TimeSpan?> TimeBudget { get; }

    /// <summary>The <c>--time-budget</c> option's name: recorded in the run settings, but free to change on resume.</summary>
    public const string TimeBudgetName = "--time-budget";

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Preset, Config, Frames, Size, Patch, Attention, FrameDifferences, MeanPooling, Fit, Epochs, TimeBudget, BatchSize, LearningRate, Optimizer, Patience, TestFraction, ValidationFraction, Seed, Threads, Variants, Shift, Zoom, Workers })
            command.Options.Add(option);
    }

    /// <summary>The model <c>--architecture</c> names, built for <paramref name="model"/>'s clips.</summary>
    public ModelRecipe Network(ParseResult parse, TimeSformerOptions model) => parse.GetValue(Architecture) switch
    {
        ModelArchitecture.CnnRnn => ModelRecipe.CnnRnn(ModelArchitecture.CnnRnn, CnnRnnOptions.Matching(model)),
        ModelArchitecture.ResNet18Gru => ModelRecipe.ResNet18Gru(ModelArchitecture.ResNet18Gru, ResNet18GruOptions.Matching(model)),
        ModelArchitecture.ResNet18TimeSformer => ModelRecipe.ResNet18TimeSformer(ModelArchitecture.ResNet18TimeSformer, Hybrid(parse, model)),
        _ => ModelRecipe.TimeSformer(ModelArchitecture.TimeSformer, model),
    };

    /// <summary>The resnet18-timesformer configuration for <paramref name="model"/>'s clips, with <c>--backbone-stage</c>,
    /// <c>--backbone-size</c> and <c>--pixel-patches</c> in place.</summary>
    public ResNet18TimeSformerOptions Hybrid(ParseResult parse, TimeSformerOptions model)
    {
        var options = ResNet18TimeSformerOptions.Matching(model);
        if (parse.GetValue(BackboneStage) is int stage) options = options with { Stage = stage };
        if (parse.GetValue(BackboneSize) is int side) options = options with { BackboneSize = side };
        if (parse.GetValue(PixelPatches) is bool pixels) options = options with { PixelPatches = pixels };
        UsageException.Check(options.Validate);
        return options;
    }

    /// <summary>The data named by <paramref name="data"/>, split by its split column or by group (<c>--test-fraction</c>,
    /// <c>--seed</c>); <paramref name="split"/> says which. Checked before training (<see cref="DatasetIssues"/>):
    /// errors throw, warnings go to stderr.</summary>
    public VideoDataset SplitData(ParseResult parse, Option<string> data, out string split)
    {
        var dataset = DatasetInput.WithSplits(DatasetInput.Load(parse.GetValue(data)!), parse.GetValue(TestFraction), parse.GetValue(Seed), out split);
        dataset = HoldOutValidation(parse, dataset, out string? held);
        if (held is not null) split += "; " + held;
        dataset = WithoutUndecodable(dataset);
        var issues = DatasetIssues.Find(dataset);
        if (issues.Errors.Count > 0)
            throw new InvalidDataException($"Data '{parse.GetValue(data)}' cannot be trained on ({split}): {string.Join(" ", issues.Errors)}");
        foreach (string warning in issues.Warnings)
            Console.Error.WriteLine($"warning: {warning}");
        return dataset;
    }

    /// <summary><paramref name="data"/> without the training and validation videos whose first frame does not decode
    /// (<see cref="DecodeCheck"/>), each named in a warning; the test split is scored through ML.NET, which reports its
    /// bad videos itself. A class left without training clips is then an error of <see cref="DatasetIssues"/>.</summary>
    private static VideoDataset WithoutUndecodable(VideoDataset data)
    {
        var bad = DecodeCheck.Undecodable([.. data.Train.Samples, .. data.Validation.Samples]);
        if (bad.Count == 0) return data;
        foreach (var (_, error) in bad)
            Console.Error.WriteLine($"warning: left out of training: {error.Message}");
        var left = bad.Select(b => b.Sample).ToHashSet();
        return new VideoDataset(data.Samples.Where(s => !left.Contains(s)), data.Labels);
    }

    /// <summary>The options that shape a run, as <c>--option value</c> text (<paramref name="dataPath"/> as a full path): a resumed
    /// run must keep them (<see cref="TrainingRunFolder"/>). Epochs, threads and workers may change, and so may the time
    /// budget, which is recorded only to show what the run started with.</summary>
    public SortedDictionary<string, string> Settings(ParseResult parse, string dataPath)
    {
        string Text<T>(Option<T> option) => Convert.ToString(parse.GetValue(option), CultureInfo.InvariantCulture) ?? "";
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["--data"] = Path.GetFullPath(dataPath),
            [Architecture.Name] = Text(Architecture),
            [BackboneStage.Name] = Text(BackboneStage),
            [BackboneSize.Name] = Text(BackboneSize),
            [PixelPatches.Name] = Text(PixelPatches),
            [Preset.Name] = Text(Preset),
            [Config.Name] = parse.GetValue(Config)?.FullName ?? "",
            [Frames.Name] = Text(Frames),
            [Size.Name] = Text(Size),
            [Patch.Name] = Text(Patch),
            [Attention.Name] = Text(Attention),
            [FrameDifferences.Name] = Text(FrameDifferences),
            [MeanPooling.Name] = Text(MeanPooling),
            [Fit.Name] = Text(Fit),
            [BatchSize.Name] = Text(BatchSize),
            [LearningRate.Name] = Text(LearningRate),
            [Optimizer.Name] = Text(Optimizer),
            [Patience.Name] = Text(Patience),
            [TestFraction.Name] = Text(TestFraction),
            [ValidationFraction.Name] = Text(ValidationFraction),
            [Seed.Name] = Text(Seed),
            [Variants.Name] = Text(Variants),
            [Shift.Name] = Text(Shift),
            [Zoom.Name] = Text(Zoom),
            [TimeBudget.Name] = parse.GetValue(TimeBudget) is { } budget ? budget.ToString("c", CultureInfo.InvariantCulture) : "",
        };
    }

    /// <summary>The split data with <c>--val-fraction</c> of its training groups moved to the 'val' split (unchanged
    /// when 0); <paramref name="description"/> says what was held out, or is null.</summary>
    public VideoDataset HoldOutValidation(ParseResult parse, VideoDataset data, out string? description)
    {
        double fraction = parse.GetValue(ValidationFraction);
        description = null;
        if (fraction == 0) return data;
        if (data.Validation.Samples.Count > 0)
            throw new InvalidDataException($"The data already has a '{VideoDataset.ValidationSplit}' split; --val-fraction would hold out a second one.");
        description = $"{fraction:0%} of {data.Train.GroupCount} training groups to {VideoDataset.ValidationSplit} (seed {parse.GetValue(Seed)})";
        return data.HoldOutValidation(fraction, parse.GetValue(Seed));
    }

    /// <summary>The TimeSformer configuration: preset, then <c>--config</c>, then the single-value options
    /// (<c>--frame-differences</c> is on unless <c>--config</c> sets it; <c>--mean-pooling</c> follows
    /// <paramref name="trainingClips"/>, <see cref="DataAdaptiveDefaults.MeanPooling"/>, unless <c>--config</c> sets it
    /// or no count is given).</summary>
    public TimeSformerOptions Model(ParseResult parse, int classes, int? trainingClips = null)
    {
        var options = TimeSformerOptions.Preset(parse.GetValue(Preset)!, classes);
        JsonNode? configJson = null;
        if (parse.GetValue(Config) is { } config)
        {
            InputFile.Require(config.FullName, "Config file");
            string json = File.ReadAllText(config.FullName);
            options = TimeSformerOptions.FromOfficialJson(json, options);
            configJson = JsonNode.Parse(json);
        }
        bool ConfigSets(string key) => configJson?[key] is not null;
        if (parse.GetValue(Frames) is int frames) options = options with { Frames = frames };
        if (parse.GetValue(Size) is int size) options = options with { ImageSize = size };
        if (parse.GetValue(Patch) is int patch) options = options with { PatchSize = patch };
        if (parse.GetValue(Attention) is { } attention) options = options with { AttentionType = AttentionTypeNames.FromOfficial(attention) };
        // On unless --config sets it or the option is given: the direction of motion is then visible within one token
        // (docs/training-experiments.md, "Frame differences").
        if (!ConfigSets(TimeSformerOptions.FrameDifferencesKey) || parse.GetResult(FrameDifferences) is { Implicit: false })
            options = options with { FrameDifferences = parse.GetValue(FrameDifferences) };
        if (parse.GetValue(MeanPooling) is bool pooling)
            options = options with { MeanPooling = pooling };
        else if (!ConfigSets(TimeSformerOptions.MeanPoolingKey) && trainingClips is int clips)
            options = options with { MeanPooling = DataAdaptiveDefaults.MeanPooling(clips) };
        options = options with { NumClasses = classes };
        // Frames, size or attention that do not fit the preset or --config: the command line is at fault.
        UsageException.Check(options.Validate);
        return options;
    }

    /// <summary>The clip <paramref name="model"/> takes, fitted to a square by <c>--fit</c>: by default stretched whole for
    /// a model trained from scratch, so that nothing at the ends of a wide or tall frame is cut away (docs/training-experiments.md,
    /// "The whole frame"), and cropped for one fine-tuned <paramref name="fromCheckpoint"/>, whose weights saw cropped frames.</summary>
    public ClipSpec Clip(ParseResult parse, TimeSformerOptions model, bool fromCheckpoint = false) =>
        model.ToClipSpec() with { Fit = parse.GetValue(Fit) ?? (fromCheckpoint ? FrameFit.Crop : FrameFit.Stretch) };

    /// <summary>The optimisation options: <paramref name="recipe"/> (default: the library's), with every option given on
    /// the command line in its place; with <paramref name="data"/>, the recipe's data-dependent parts adapt to its training
    /// split (<see cref="DataAdaptiveDefaults"/>). Without <c>--epochs</c> and <c>--time-budget</c>,
    /// <paramref name="defaultBudget"/> is the budget (null: the recipe's epochs). A <c>--time-budget</c> plans up to <see cref="TimeBudgetPlanner.MaxEpochs"/>
    /// epochs, unless <c>--epochs</c> is given: then that count is trained and the budget is ignored, with a warning.</summary>
    public TrainingOptions Training(ParseResult parse, TrainingOptions? recipe = null, TimeSpan? defaultBudget = null,
        VideoDataset? data = null)
    {
        recipe ??= Defaults;
        T Given<T>(Option<T> option, T fromRecipe) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : fromRecipe;
        var budget = parse.GetValue(TimeBudget);
        bool epochsGiven = parse.GetResult(Epochs) is { Implicit: false };
        if (budget is not null && epochsGiven)
        {
            Console.Error.WriteLine($"warning: --epochs {parse.GetValue(Epochs)} is given, so {TimeBudget.Name} is ignored.");
            budget = null;
        }
        // Neither given: the caller's default budget (train, demo), because a count of epochs means a few hundred steps
        // on a small set and thousands on a large one, while a time is what the user has.
        if (budget is null && !epochsGiven && parse.GetResult(TimeBudget) is not { Implicit: false }) budget = defaultBudget;
        return recipe with
        {
            Epochs = budget is null ? Given(Epochs, recipe.Epochs) : TimeBudgetPlanner.MaxEpochs,
            TimeBudget = budget,
            BatchSize = Given(BatchSize, recipe.BatchSize),
            LearningRate = Given(LearningRate, recipe.LearningRate),
            Optimizer = Given(Optimizer, recipe.Optimizer),
            Patience = Given(Patience, recipe.Patience),
            Seed = parse.GetValue(Seed),
            Threads = parse.GetValue(Threads),
            DataWorkers = parse.GetValue(Workers),
            AugmentationVariants = Given(Variants, data is null ? recipe.AugmentationVariants
                : DataAdaptiveDefaults.AugmentationVariants(recipe, data.Train.Samples.Count)),
            AugmentationShift = Given(Shift, recipe.AugmentationShift),
            AugmentationZoom = Given(Zoom, recipe.AugmentationZoom),
        };
    }
}
