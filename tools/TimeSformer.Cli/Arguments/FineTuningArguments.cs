using System.CommandLine;
using TimeSformer.Cli.Hosting;
using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;

namespace TimeSformer.Cli.Arguments;

/// <summary><c>train</c>'s start from trained weights (<c>--init</c>, <c>--init-config</c>) and its recipe
/// (<c>--recipe</c>).</summary>
internal sealed class FineTuningArguments
{
    /// <summary>The official TimeSformer fine-tuning recipe's name.</summary>
    public const string OfficialRecipe = "official-finetune";

    public FineTuningArguments()
    {
        Init = new Option<FileInfo?>("--init")
        {
            Description = "Start from these weights instead of from scratch: our checkpoint (.safetensors), an official "
                + ".pyth/.pth (with --init-config) or a Hugging Face .safetensors (with its config.json beside it or --init-config). "
                + "The backbone is the checkpoint's; the head is new when the classes differ; pos_embed and time_embed are "
                + "resized for --size and --frames.",
        };
        InitConfig = new Option<FileInfo?>("--init-config")
        {
            Description = "The --init checkpoint's configuration: official names (img_size, patch_size, num_frames, num_classes, "
                + "embed_dim, depth, num_heads, attention_type) or a Hugging Face config.json.",
        };
        Recipe = new Option<string>("--recipe")
        {
            Description = $"default (the library's recipe, AdamW with warm-up and cosine decay) or {OfficialRecipe} (the official "
                + "fine-tuning recipe: SGD momentum 0.9, lr 0.005, 15 epochs, lr / 10 at epochs 11 and 14). Options given on "
                + "the command line win over the recipe's.",
            DefaultValueFactory = _ => "default",
        };
        Recipe.AcceptOnlyFromAmong("default", OfficialRecipe);
    }

    public Option<FileInfo?> Init { get; }
    public Option<FileInfo?> InitConfig { get; }
    public Option<string> Recipe { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Init);
        command.Options.Add(InitConfig);
        command.Options.Add(Recipe);
    }

    /// <summary>The training options the recipe starts from.</summary>
    public TrainingOptions RecipeOptions(ParseResult parse) =>
        parse.GetValue(Recipe) == OfficialRecipe ? TrainingOptions.OfficialSgd : new TrainingOptions();

    /// <summary>The checkpoint to start from, checked before any work; null without <c>--init</c>.</summary>
    public CheckpointInput? Checkpoint(ParseResult parse, TrainingArguments model)
    {
        if (parse.GetValue(Init) is not { } init)
        {
            if (parse.GetValue(InitConfig) is not null) throw new UsageException("--init-config describes an --init checkpoint; give --init too.");
            return null;
        }
        foreach (Option option in new Option[] { model.Preset, model.Config, model.Patch, model.Attention, model.FrameDifferences, model.MeanPooling })
            if (parse.GetResult(option) is { Implicit: false })
                throw new UsageException($"{option.Name} does not apply with --init: the model is the checkpoint's (only --frames and --size may change).");
        if (parse.GetValue(model.Architecture) != ModelArchitecture.TimeSformer)
            throw new UsageException("--init starts a TimeSformer; it does not apply to --architecture cnn-rnn.");
        return CheckpointInput.Read(init, parse.GetValue(InitConfig), labelsFile: null);
    }

    /// <summary>The model to fine-tune: the checkpoint's configuration with the data's classes and the command line's
    /// frames and size.</summary>
    public static TimeSformerOptions Target(CheckpointInput checkpoint, ParseResult parse, TrainingArguments model, int classes)
    {
        var source = checkpoint.Config ?? CheckpointOptions(checkpoint.Path);
        var target = source with
        {
            NumClasses = classes,
            Frames = parse.GetValue(model.Frames) ?? source.Frames,
            ImageSize = parse.GetValue(model.Size) ?? source.ImageSize,
        };
        UsageException.Check(target.Validate);
        return target;
    }

    /// <summary>The TimeSformer variant that builds the model from the checkpoint (new head, resized embeddings).</summary>
    public static ModelRecipe Network(CheckpointInput checkpoint, TimeSformerOptions target) =>
        ModelRecipe.TimeSformer(ModelArchitecture.TimeSformer, target) with
        {
            CreateModel = () => FineTuning.FromCheckpoint(checkpoint.Path, target, checkpoint.Config),
        };

    private static TimeSformerOptions CheckpointOptions(string path)
    {
        // Only the metadata: the weights are read once, when the model is built from them.
        var metadata = ModelCheckpoint.ReadMetadata(path);
        if (metadata.Architecture != ModelArchitecture.TimeSformer)
            throw new InvalidDataException($"Checkpoint '{path}' holds a '{metadata.Architecture}' model; --init takes a TimeSformer.");
        return TimeSformerOptions.FromOfficialJson(metadata.ConfigJson);
    }
}
