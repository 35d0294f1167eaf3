using static TorchSharp.torch;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>Copies a state dict into a module by name, strictly: every name must match and every shape agree.</summary>
public static class StateDictLoader
{
    /// <summary>Copies <paramref name="stateDict"/> into <paramref name="module"/>'s parameters and buffers.</summary>
    /// <param name="module">The target; its tensors keep their device and dtype.</param>
    /// <param name="stateDict">Tensors by parameter name.</param>
    /// <param name="source">The file (or description) named in errors.</param>
    /// <exception cref="CheckpointException">Lists every missing, unexpected and mis-shaped key; nothing is copied.</exception>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, Tensor> stateDict, string source)
    {
        var targets = module.state_dict();
        var missing = targets.Keys.Where(k => !stateDict.ContainsKey(k)).ToList();
        var unexpected = stateDict.Keys.Where(k => !targets.ContainsKey(k)).ToList();
        var misShaped = targets
            .Where(t => stateDict.TryGetValue(t.Key, out var s) && !s.shape.SequenceEqual(t.Value.shape))
            .Select(t => $"{t.Key} (checkpoint {Shape(stateDict[t.Key])}, model {Shape(t.Value)})")
            .ToList();
        if (missing.Count + unexpected.Count + misShaped.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"missing keys: {string.Join(", ", missing)}");
            if (unexpected.Count > 0) problems.Add($"unexpected keys: {string.Join(", ", unexpected)}");
            if (misShaped.Count > 0) problems.Add($"mis-shaped keys: {string.Join(", ", misShaped)}");
            throw new CheckpointException(source,
                $"does not fit the model ({string.Join("; ", problems)}). Check that the model options match the checkpoint.");
        }
        using var noGrad = no_grad();
        foreach (var (name, target) in targets)
            target.copy_(stateDict[name]);
    }

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
