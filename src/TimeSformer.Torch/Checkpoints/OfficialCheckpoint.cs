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
        CheckFormat(path);
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

    /// <summary>Checks from its first bytes that <paramref name="path"/> is what <c>torch.save</c> writes: a zip archive
    /// (PyTorch 1.6 and later), not the legacy pickle stream that TorchSharp cannot read, nor another kind of file.</summary>
    /// <exception cref="CheckpointException">The file is missing, legacy or not a PyTorch checkpoint.</exception>
    public static void CheckFormat(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "file not found.");
        Span<byte> head = stackalloc byte[4];
        int read;
        using (var stream = File.OpenRead(path))
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read == 4 && head.SequenceEqual("PK\x03\x04"u8)) return;
        // Pickle protocol 2+ streams open with 0x80, as torch.save's pre-1.6 format does.
        throw new CheckpointException(path, read > 0 && head[0] == 0x80
            ? "saved in PyTorch's legacy (pre-1.6) format, which TorchSharp cannot read: re-save it with torch.save(obj, path) in PyTorch 1.6 or later."
            : "not a PyTorch checkpoint: torch.save writes a zip archive, and this file is not one.");
    }
}
