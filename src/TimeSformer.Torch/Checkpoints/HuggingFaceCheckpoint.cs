using static TorchSharp.torch;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>Reads Hugging Face Timesformer <c>.safetensors</c> weights under our (official) parameter names.</summary>
public static class HuggingFaceCheckpoint
{
    /// <summary>Returns the mapped state dict.</summary>
    /// <exception cref="CheckpointException">The file is unreadable or holds a key with no official counterpart.</exception>
    public static Dictionary<string, Tensor> ReadStateDict(string path)
    {
        var raw = SafetensorsFile.ReadTensors(path);
        var result = new Dictionary<string, Tensor>();
        var unknown = new List<string>();
        foreach (var (key, tensor) in raw)
        {
            if (HuggingFaceNames.ToOfficial(key) is { } name) result[name] = tensor;
            else unknown.Add(key);
        }
        if (unknown.Count > 0)
        {
            foreach (var tensor in raw.Values) tensor.Dispose();
            throw new CheckpointException(path,
                $"keys with no TimeSformer counterpart (is this a Hugging Face Timesformer?): {string.Join(", ", unknown)}.");
        }
        return result;
    }
}
