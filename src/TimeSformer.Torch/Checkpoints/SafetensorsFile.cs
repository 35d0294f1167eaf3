using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TimeSformer.Contract;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>
/// The safetensors format (8-byte little-endian header length, JSON header with dtype, shape and byte range of each
/// tensor plus an optional string map <c>__metadata__</c>, then raw row-major data). Tensors are read by
/// TorchSharp.PyBridge; the header's metadata and the writer (which PyBridge lacks for metadata) are ours.
/// </summary>
public static class SafetensorsFile
{
    private const string MetadataKey = "__metadata__";

    private static readonly Dictionary<ScalarType, string> DTypes = new()
    {
        [ScalarType.Float32] = "F32", [ScalarType.Float64] = "F64", [ScalarType.Float16] = "F16",
        [ScalarType.BFloat16] = "BF16", [ScalarType.Int64] = "I64", [ScalarType.Int32] = "I32",
        [ScalarType.Int16] = "I16", [ScalarType.Int8] = "I8", [ScalarType.Byte] = "U8", [ScalarType.Bool] = "BOOL",
    };

    /// <summary>Reads every tensor of the file.</summary>
    /// <exception cref="CheckpointException">The file is missing or not safetensors.</exception>
    public static Dictionary<string, Tensor> ReadTensors(string path)
    {
        ReadMetadata(path); // validates the header with a clear message before PyBridge parses it
        try
        {
            return new Dictionary<string, Tensor>(Safetensors.LoadStateDict(path));
        }
        catch (Exception e)
        {
            throw new CheckpointException(path, $"tensor data cannot be read ({e.Message}).", e);
        }
    }

    /// <summary>Reads the header's <c>__metadata__</c> string map (empty when absent).</summary>
    /// <exception cref="CheckpointException">The file is missing or its header is not safetensors.</exception>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "file not found.");
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> lengthBytes = stackalloc byte[8];
            stream.ReadExactly(lengthBytes);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (length > (ulong)(stream.Length - 8)) throw new FormatException($"header length {length} exceeds the file.");
            var header = new byte[length];
            stream.ReadExactly(header);
            var root = JsonNode.Parse(header) as JsonObject ?? throw new FormatException("header is not a JSON object.");
            var result = new Dictionary<string, string>();
            if (root[MetadataKey] is JsonObject metadata)
                foreach (var (key, value) in metadata)
                    result[key] = value?.GetValue<string>() ?? "";
            return result;
        }
        catch (Exception e) when (e is FormatException or JsonException or EndOfStreamException or InvalidOperationException)
        {
            throw new CheckpointException(path, $"not a safetensors file ({e.Message}).", e);
        }
    }

    /// <summary>Writes <paramref name="tensors"/> (in key order) and <paramref name="metadata"/> to
    /// <paramref name="path"/> through a temporary file, so a failed write leaves no partial file.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject { [MetadataKey] = new JsonObject(metadata.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))) };
        var payload = new List<byte[]>();
        long offset = 0;
        foreach (var (key, tensor) in tensors.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!DTypes.TryGetValue(tensor.dtype, out var dtype))
                throw new ArgumentException($"Tensor '{key}' has dtype {tensor.dtype}, which safetensors cannot store.");
            using var cpu = tensor.detach().cpu().contiguous();
            var bytes = cpu.bytes.ToArray();
            header[key] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(cpu.shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            payload.Add(bytes);
            offset += bytes.Length;
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padding = (8 - headerBytes.Length % 8) % 8; // keeps the data 8-byte aligned, as the reference writer does

        AtomicFile.Write(path, stream =>
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)(headerBytes.Length + padding));
            stream.Write(lengthBytes);
            stream.Write(headerBytes);
            stream.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
            foreach (var bytes in payload) stream.Write(bytes);
        });
    }
}
