using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Training;

/// <summary>
/// Starts a TimeSformer for new classes from trained weights: every backbone weight is copied, <c>pos_embed</c> and
/// <c>time_embed</c> are resized (nearest neighbour, as the official loader does) when the frame size or count
/// differs, and the classification head is new (official initialisation) for the new classes.
/// </summary>
public static class FineTuning
{
    /// <summary>Loads <paramref name="checkpointPath"/> (ours, official or Hugging Face; see
    /// <see cref="CheckpointLoader.LoadTimeSformer"/>) and builds a model of <paramref name="target"/> from it.</summary>
    /// <param name="checkpointPath">The trained weights.</param>
    /// <param name="target">The new model: its classes, frames and size; width, depth, heads, patch size and
    /// attention must match the checkpoint.</param>
    /// <param name="checkpointOptions">The checkpoint's configuration (needed for official and Hugging Face files).</param>
    /// <exception cref="CheckpointException">The checkpoint's backbone does not fit <paramref name="target"/>.</exception>
    public static TimeSformerModel FromCheckpoint(string checkpointPath, TimeSformerOptions target, TimeSformerOptions? checkpointOptions = null)
    {
        using var source = CheckpointLoader.LoadTimeSformer(checkpointPath, checkpointOptions);
        return FromModel(source, target, checkpointPath);
    }

    /// <summary>Builds a model of <paramref name="target"/> with <paramref name="source"/>'s backbone weights.</summary>
    public static TimeSformerModel FromModel(TimeSformerModel source, TimeSformerOptions target, string? sourceName = null)
    {
        string name = sourceName ?? "the source model";
        var sourceState = source.state_dict();
        var model = new TimeSformerModel(target);
        try
        {
            using var noGrad = no_grad();
            foreach (var (key, destination) in model.state_dict())
            {
                if (key.StartsWith("head.", StringComparison.Ordinal)) continue;
                if (!sourceState.TryGetValue(key, out var weights))
                    throw new CheckpointException(name, $"has no '{key}': the new model's attention or positional embedding differs from the checkpoint's.");
                using var scope = NewDisposeScope();
                var value = key switch
                {
                    "pos_embed" when !SameShape(weights, destination) => ResizeSpatial(weights, target.PatchesPerSide),
                    "time_embed" when !SameShape(weights, destination) => ResizeTemporal(weights, target.Frames),
                    _ => weights,
                };
                if (!SameShape(value, destination))
                    throw new CheckpointException(name,
                        $"'{key}' is [{string.Join(", ", weights.shape)}] but the new model needs [{string.Join(", ", destination.shape)}]: width, depth, heads and patch size must match the checkpoint.");
                destination.copy_(value);
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    private static bool SameShape(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape);

    // [1, 1+n*n, D] -> [1, 1+side*side, D]; the CLS position is kept.
    private static Tensor ResizeSpatial(Tensor pos, int side)
    {
        long dim = pos.shape[2];
        int oldSide = (int)Math.Round(Math.Sqrt(pos.shape[1] - 1));
        var grid = pos[.., 1..].transpose(1, 2).reshape(1, dim, oldSide, oldSide);
        var resized = nn.functional.interpolate(grid, [side, side], mode: InterpolationMode.Nearest);
        return cat([pos[.., ..1], resized.flatten(2).transpose(1, 2)], 1);
    }

    // [1, T, D] -> [1, frames, D].
    private static Tensor ResizeTemporal(Tensor time, int frames) =>
        nn.functional.interpolate(time.transpose(1, 2), [frames], mode: InterpolationMode.Nearest).transpose(1, 2);
}
