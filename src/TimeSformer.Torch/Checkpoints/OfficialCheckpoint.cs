using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>
/// Reads checkpoints of the official PyTorch TimeSformer (<c>.pyth</c>/<c>.pth</c> written by <c>torch.save</c>):
/// the state dict under <c>model_state</c> with keys prefixed <c>model.</c>, or a bare state dict.
/// </summary>
public static class OfficialCheckpoint
{
    private const string ModelPrefix = "model.";

    /// <summary>Returns the state dict with the <c>model.</c> prefix removed, i.e. with our parameter names.</summary>
    /// <exception cref="CheckpointException">The file cannot be unpickled or holds no tensors.</exception>
    public static Dictionary<string, Tensor> ReadStateDict(string path)
    {
        Hashtable root;
        try
        {
            root = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException(path, $"not a readable PyTorch checkpoint ({e.Message}).", e);
        }
        var table = root["model_state"] as IDictionary ?? root;
        var result = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is string key && entry.Value is Tensor tensor)
                result[key.StartsWith(ModelPrefix, StringComparison.Ordinal) ? key[ModelPrefix.Length..] : key] = tensor;
        }
        if (result.Count == 0)
            throw new CheckpointException(path, "holds no tensors (expected a state dict, or one under 'model_state').");
        return result;
    }
}
