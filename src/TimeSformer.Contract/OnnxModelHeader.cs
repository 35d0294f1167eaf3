using Google.Protobuf;
using Onnx;

namespace TimeSformer.Contract;

/// <summary>
/// What an ONNX file says about itself, read without its weights: IR version, producer, default-domain opset,
/// <c>metadata_props</c> and the graph's inputs and outputs. The reader seeks past nodes and initializers, so a
/// 480 MB model costs a few kilobytes of reading, and a scoring run reads the weights once (in ONNX Runtime).
/// </summary>
/// <param name="IrVersion">The file's IR version.</param>
/// <param name="Producer">Producer name and version, space-separated.</param>
/// <param name="Opset">Version of the default (<c>ai.onnx</c>) operator set, 0 when the file imports none.</param>
/// <param name="MetadataProps">The <c>metadata_props</c> entries.</param>
/// <param name="Inputs">The graph inputs (a file that also lists its initializers as inputs has them here too).</param>
/// <param name="Outputs">The graph outputs.</param>
public sealed record OnnxModelHeader(
    long IrVersion, string Producer, long Opset, IReadOnlyDictionary<string, string> MetadataProps,
    IReadOnlyList<ValueInfoProto> Inputs, IReadOnlyList<ValueInfoProto> Outputs)
{
    // Field numbers of onnx.proto (ModelProto, GraphProto, OperatorSetIdProto).
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelGraph = 7,
        ModelOpsetImport = 8, ModelMetadataProps = 14, GraphInput = 11, GraphOutput = 12;

    /// <summary>Reads the header of the ONNX file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model (the message names the file).</exception>
    public static OnnxModelHeader Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"ONNX model '{path}' does not exist.", path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
            var reader = new FieldReader(stream);
            return ReadModel(reader, stream.Length);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidProtocolBufferException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is not an ONNX model: {e.Message}", e);
        }
    }

    /// <summary>The dimensions of a tensor input or output, -1 for a symbolic or unknown one.</summary>
    public static int[] Dimensions(ValueInfoProto value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return [.. value.Type?.TensorType?.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue
            ? checked((int)d.DimValue) : -1) ?? []];
    }

    private static OnnxModelHeader ReadModel(FieldReader reader, long end)
    {
        long irVersion = 0, opset = 0;
        string producer = "", version = "";
        var props = new Dictionary<string, string>();
        List<ValueInfoProto> inputs = [], outputs = [];
        bool sawGraph = false;
        while (reader.Position < end)
        {
            var (field, wire) = reader.Tag();
            switch (field)
            {
                case ModelIrVersion when wire == WireFormat.WireType.Varint:
                    irVersion = (long)reader.Varint();
                    break;
                case ModelProducerName when wire == WireFormat.WireType.LengthDelimited:
                    producer = reader.Bytes().ToStringUtf8();
                    break;
                case ModelProducerVersion when wire == WireFormat.WireType.LengthDelimited:
                    version = reader.Bytes().ToStringUtf8();
                    break;
                case ModelOpsetImport when wire == WireFormat.WireType.LengthDelimited:
                    var set = OperatorSetIdProto.Parser.ParseFrom(reader.Bytes());
                    if (string.IsNullOrEmpty(set.Domain) || set.Domain == "ai.onnx") opset = Math.Max(opset, set.Version);
                    break;
                case ModelMetadataProps when wire == WireFormat.WireType.LengthDelimited:
                    var entry = StringStringEntryProto.Parser.ParseFrom(reader.Bytes());
                    props[entry.Key] = entry.Value;
                    break;
                case ModelGraph when wire == WireFormat.WireType.LengthDelimited:
                    long graphLength = (long)reader.Varint();
                    ReadGraph(reader, reader.Position + graphLength, inputs, outputs);
                    sawGraph = true;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        if (!sawGraph || irVersion == 0)
            throw new FormatException("it has no graph or no IR version");
        return new OnnxModelHeader(irVersion, $"{producer} {version}".Trim(), opset, props, inputs, outputs);
    }

    private static void ReadGraph(FieldReader reader, long end, List<ValueInfoProto> inputs, List<ValueInfoProto> outputs)
    {
        while (reader.Position < end)
        {
            var (field, wire) = reader.Tag();
            if (field is GraphInput or GraphOutput && wire == WireFormat.WireType.LengthDelimited)
                (field == GraphInput ? inputs : outputs).Add(ValueInfoProto.Parser.ParseFrom(reader.Bytes()));
            else
                reader.Skip(wire);
        }
        if (reader.Position != end)
            throw new FormatException("its graph ends inside a field");
    }

    /// <summary>Protobuf fields read straight from a seekable stream, so skipped fields are never read.</summary>
    private sealed class FieldReader(Stream stream)
    {
        public long Position => stream.Position;

        public (int Field, WireFormat.WireType Wire) Tag()
        {
            uint tag = checked((uint)Varint());
            return ((int)WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag));
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                int b = stream.ReadByte();
                if (b < 0) throw new EndOfStreamException("the file ends inside a field");
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new FormatException("a varint is longer than 10 bytes");
        }

        public ByteString Bytes()
        {
            long length = (long)Varint();
            if (length > stream.Length - stream.Position)
                throw new EndOfStreamException("the file ends inside a field");
            var buffer = new byte[length];
            stream.ReadExactly(buffer);
            return ByteString.CopyFrom(buffer);
        }

        public void Skip(WireFormat.WireType wire)
        {
            long length = wire switch
            {
                WireFormat.WireType.Varint => -1,
                WireFormat.WireType.Fixed64 => 8,
                WireFormat.WireType.Fixed32 => 4,
                WireFormat.WireType.LengthDelimited => (long)Varint(),
                _ => throw new FormatException($"unexpected protobuf wire type {wire}"),
            };
            if (length < 0)
            {
                Varint();
                return;
            }
            if (length > stream.Length - stream.Position)
                throw new EndOfStreamException("the file ends inside a field");
            stream.Seek(length, SeekOrigin.Current);
        }
    }
}
