using System.Text;
using System.Text.Json;
using TimeSformer.Contract;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Training;

/// <summary>
/// Everything a resumed run needs after a completed epoch: counters, history, model weights and buffers, optimiser
/// state. Randomness needs no state: every epoch reseeds from <see cref="TrainingOptions.Seed"/> and its number.
/// </summary>
internal sealed record TrainingState
{
    private const string Magic = "timesformer.mlnet.training-state/1";

    public required int CompletedEpochs { get; init; }
    public required long GlobalStep { get; init; }
    public required int BestEpoch { get; init; }
    public required double BestAccuracy { get; init; }
    public required double BestLoss { get; init; }
    public required int EpochsWithoutImprovement { get; init; }
    public required List<EpochMetrics> History { get; init; }

    /// <summary>The epoch total the time budget planned after the first epoch; null when the run follows
    /// <see cref="TrainingOptions.Epochs"/> (no budget, or a state written before budgets existed).</summary>
    public int? PlannedEpochs { get; init; }

    public void Save(string path, nn.Module model, optim.Optimizer optimizer) => AtomicFile.Write(path, stream =>
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(JsonSerializer.Serialize(this));
        model.save(writer);
        Helper(optimizer).save_state_dict(writer);
    });

    /// <summary>Reads the counters and loads weights and optimiser state into <paramref name="model"/> and
    /// <paramref name="optimizer"/>, which must be built like the saved ones.</summary>
    public static TrainingState Load(string path, nn.Module model, optim.Optimizer optimizer)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Cannot resume: no training state '{path}'. Train first, or point to the output directory of an interrupted run.", path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (reader.ReadString() != Magic)
                throw new InvalidDataException($"'{path}' is not a TimeSformer.MLNet training state.");
            var state = JsonSerializer.Deserialize<TrainingState>(reader.ReadString())
                ?? throw new InvalidDataException($"'{path}' has an empty training state header.");
            model.load(reader);
            Helper(optimizer).load_state_dict(reader);
            return state;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or JsonException)
        {
            throw new InvalidDataException($"Cannot resume from '{path}': {e.Message} (was the model or the optimiser changed since?)", e);
        }
    }

    private static TorchSharp.Modules.OptimizerHelper Helper(optim.Optimizer optimizer) =>
        optimizer as TorchSharp.Modules.OptimizerHelper
        ?? throw new NotSupportedException($"Optimizer {optimizer.GetType().Name} cannot save its state.");
}
