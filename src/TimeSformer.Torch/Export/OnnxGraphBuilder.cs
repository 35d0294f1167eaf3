using System.Globalization;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;
using DataType = Onnx.TensorProto.Types.DataType;

namespace TimeSformer.Torch.Export;

/// <summary>
/// A small, model-agnostic emitter of ONNX graphs (default domain, opset <see cref="Opset"/>). Nodes are named by
/// the current scope and op type (<c>blocks.3/temporal_attn/MatMul</c>) and their output carries the same name;
/// shapes given to the emit methods are recorded as <c>value_info</c>. Weights become float32 initializers
/// (<c>raw_data</c>); int64 shape and axes constants become shared initializers.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The default-domain opset the emitted ops follow (17: <c>LayerNormalization</c>, attribute axes for
    /// <c>ReduceMean</c>).</summary>
    public const int Opset = 17;

    private readonly GraphProto graphProto;
    private readonly List<string> scopeStack = [];
    private readonly HashSet<string> usedNames = [];
    private readonly Dictionary<string, string> constantNames = [];

    /// <summary>Starts an empty graph.</summary>
    public OnnxGraphBuilder(string graphName) => graphProto = new GraphProto { Name = graphName };

    /// <summary>The graph built so far.</summary>
    public GraphProto Graph => graphProto;

    /// <summary>Enters a naming scope (nested scopes join with <c>/</c>) until the returned handle is disposed.</summary>
    public IDisposable Scope(string name)
    {
        scopeStack.Add(name);
        return new ScopeHandle(scopeStack);
    }

    /// <summary>Declares a float32 graph input.</summary>
    public string Input(string name, params OnnxDim[] shape)
    {
        Reserve(name);
        graphProto.Input.Add(ValueInfo(name, shape));
        return name;
    }

    /// <summary>Makes <paramref name="value"/> a graph output called <paramref name="name"/>: the node that
    /// produces it is renamed so the graph needs no extra <c>Identity</c>.</summary>
    public void Output(string value, string name, params OnnxDim[] shape)
    {
        if (value != name)
        {
            Reserve(name);
            foreach (var node in graphProto.Node)
            {
                ReplaceAll(node.Output, value, name);
                ReplaceAll(node.Input, value, name);
            }
            var info = graphProto.ValueInfo.FirstOrDefault(v => v.Name == value);
            if (info is not null)
                graphProto.ValueInfo.Remove(info);
        }
        graphProto.Output.Add(ValueInfo(name, shape));
    }

    /// <summary>Adds a float32 initializer holding a copy of <paramref name="tensor"/> (any dtype or device).</summary>
    public string Initializer(string name, Tensor tensor)
    {
        Reserve(name);
        using var scope = NewDisposeScope();
        var data = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
        var proto = new TensorProto
        {
            Name = name,
            DataType = (int)DataType.Float,
            RawData = ByteString.CopyFrom(data.bytes),
        };
        proto.Dims.AddRange(data.shape);
        graphProto.Initializer.Add(proto);
        return name;
    }

    /// <summary>A shared 1-D int64 initializer (shapes, axes, slice bounds), reused when the values repeat.</summary>
    public string Int64s(params long[] values)
    {
        string key = string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        if (constantNames.TryGetValue(key, out var existing))
            return existing;
        string name = Unique("const_" + key.Replace(',', '_'));
        var proto = new TensorProto { Name = name, DataType = (int)DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        graphProto.Initializer.Add(proto);
        constantNames[key] = name;
        return name;
    }

    /// <summary>A float32 scalar initializer.</summary>
    public string Scalar(string name, float value)
    {
        Reserve(name);
        var proto = new TensorProto { Name = name, DataType = (int)DataType.Float };
        proto.FloatData.Add(value);
        graphProto.Initializer.Add(proto);
        return name;
    }

    /// <summary>Emits one node in the current scope and returns its output's name. <paramref name="shape"/>, when
    /// given, is recorded as the output's <c>value_info</c>.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, OnnxDim[]? shape = null,
        params AttributeProto[] attributes)
    {
        string name = Unique(string.Join("/", scopeStack.Append(opType)));
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        graphProto.Node.Add(node);
        if (shape is not null)
            graphProto.ValueInfo.Add(ValueInfo(name, shape));
        return name;
    }

    /// <summary>Emits a node with <paramref name="outputCount"/> outputs (the first named like the node, the others
    /// <c>name:1</c>, <c>name:2</c>, ...) and returns their names. An empty input name skips an optional input.</summary>
    public string[] Node(string opType, IReadOnlyList<string> inputs, int outputCount, params AttributeProto[] attributes)
    {
        string first = Node(opType, inputs, null, attributes);
        var node = graphProto.Node[^1];
        for (int i = 1; i < outputCount; i++)
        {
            Reserve($"{first}:{i}");
            node.Output.Add($"{first}:{i}");
        }
        return [.. node.Output];
    }

    /// <summary><c>MatMul</c>: a @ b with numpy broadcasting.</summary>
    public string MatMul(string a, string b, OnnxDim[]? shape = null) => Node("MatMul", [a, b], shape);

    /// <summary><c>Add</c> with broadcasting.</summary>
    public string Add(string a, string b, OnnxDim[]? shape = null) => Node("Add", [a, b], shape);

    /// <summary><c>Sub</c>: a - b, broadcasting.</summary>
    public string Sub(string a, string b, OnnxDim[]? shape = null) => Node("Sub", [a, b], shape);

    /// <summary><c>Mul</c> with broadcasting.</summary>
    public string Mul(string a, string b, OnnxDim[]? shape = null) => Node("Mul", [a, b], shape);

    /// <summary><c>Div</c> with broadcasting.</summary>
    public string Div(string a, string b, OnnxDim[]? shape = null) => Node("Div", [a, b], shape);

    /// <summary><c>Erf</c>, element-wise.</summary>
    public string Erf(string x, OnnxDim[]? shape = null) => Node("Erf", [x], shape);

    /// <summary>x @ w + b for a weight already laid out [in, out] (a bias of <see langword="null"/> is skipped).</summary>
    public string Linear(string x, string weight, string? bias, OnnxDim[]? shape = null)
    {
        string y = MatMul(x, weight, shape);
        return bias is null ? y : Add(y, bias, shape);
    }

    /// <summary><c>Gemm</c>: a @ b^T + c, for 2-D inputs and a TorchSharp-layout [out, in] weight.</summary>
    public string GemmTransB(string a, string b, string c, OnnxDim[]? shape = null) =>
        Node("Gemm", [a, b, c], shape, Int("transB", 1));

    /// <summary><c>Reshape</c> to constant dims (one may be -1, e.g. the batch-carrying one).</summary>
    public string Reshape(string x, long[] dims, OnnxDim[]? shape = null) => Node("Reshape", [x, Int64s(dims)], shape);

    /// <summary><c>Transpose</c> by <paramref name="perm"/>.</summary>
    public string Transpose(string x, long[] perm, OnnxDim[]? shape = null) =>
        Node("Transpose", [x], shape, Ints("perm", perm));

    /// <summary><c>Concat</c> along <paramref name="axis"/>.</summary>
    public string Concat(long axis, IReadOnlyList<string> inputs, OnnxDim[]? shape = null) =>
        Node("Concat", inputs, shape, Int("axis", axis));

    /// <summary><c>Slice</c> [start, end) of one axis.</summary>
    public string Slice(string x, long axis, long start, long end, OnnxDim[]? shape = null) =>
        Node("Slice", [x, Int64s(start), Int64s(end), Int64s(axis)], shape);

    /// <summary><c>ReduceMean</c> over <paramref name="axes"/> (opset-17 attribute form).</summary>
    public string ReduceMean(string x, long[] axes, bool keepDims, OnnxDim[]? shape = null) =>
        Node("ReduceMean", [x], shape, Ints("axes", axes), Int("keepdims", keepDims ? 1 : 0));

    /// <summary><c>Softmax</c> over <paramref name="axis"/>.</summary>
    public string Softmax(string x, long axis = -1, OnnxDim[]? shape = null) =>
        Node("Softmax", [x], shape, Int("axis", axis));

    /// <summary><c>LayerNormalization</c> over the last axis.</summary>
    public string LayerNorm(string x, string scale, string bias, double epsilon, OnnxDim[]? shape = null) =>
        Node("LayerNormalization", [x, scale, bias], shape, Int("axis", -1), Float("epsilon", (float)epsilon));

    /// <summary>Exact GELU, x * 0.5 * (1 + erf(x / sqrt 2)), in the form ONNX Runtime fuses into one kernel.</summary>
    public string Gelu(string x, OnnxDim[]? shape = null)
    {
        string erf = Erf(Div(x, Shared("sqrt2", MathF.Sqrt(2f)), shape), shape);
        string y = Mul(x, Add(erf, Shared("one", 1f), shape), shape);
        return Mul(y, Shared("half", 0.5f), shape);
    }

    /// <summary>2-D <c>Conv</c> with square kernel, stride and zero padding.</summary>
    public string Conv(string x, string weight, string? bias, long kernel, long stride, OnnxDim[]? shape = null, long pad = 0) =>
        Node("Conv", bias is null ? [x, weight] : [x, weight, bias], shape,
            Ints("kernel_shape", [kernel, kernel]), Ints("strides", [stride, stride]), Ints("pads", [pad, pad, pad, pad]));

    /// <summary><c>Relu</c>, element-wise.</summary>
    public string Relu(string x, OnnxDim[]? shape = null) => Node("Relu", [x], shape);

    /// <summary><c>Expand</c> (bidirectional broadcast) to a shape given as an int64 tensor.</summary>
    public string Expand(string x, string shapeTensor, OnnxDim[]? shape = null) => Node("Expand", [x, shapeTensor], shape);

    /// <summary><c>Shape</c> of <paramref name="x"/>, dims [start, end) (int64, so no float value_info).</summary>
    public string Shape(string x, long start, long end) =>
        Node("Shape", [x], null, Int("start", start), Int("end", end));

    /// <summary>An int64 attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>An int64-list attribute.</summary>
    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private string Shared(string name, float value) => usedNames.Contains(name) ? name : Scalar(name, value);

    private static ValueInfoProto ValueInfo(string name, OnnxDim[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
            tensorShape.Dim.Add(dim.IsSymbolic
                ? new TensorShapeProto.Types.Dimension { DimParam = dim.Param }
                : new TensorShapeProto.Types.Dimension { DimValue = dim.Value });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float, Shape = tensorShape },
            },
        };
    }

    private static void ReplaceAll(Google.Protobuf.Collections.RepeatedField<string> names, string from, string to)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == from)
                names[i] = to;
    }

    private void Reserve(string name)
    {
        if (!usedNames.Add(name))
            throw new ArgumentException($"The graph already has a value named '{name}'.", nameof(name));
    }

    private string Unique(string name)
    {
        string candidate = name;
        for (int i = 1; !usedNames.Add(candidate); i++)
            candidate = $"{name}_{i}";
        return candidate;
    }

    private sealed class ScopeHandle(List<string> scopes) : IDisposable
    {
        private readonly int depth = scopes.Count;

        public void Dispose()
        {
            if (scopes.Count == depth)
                scopes.RemoveAt(depth - 1);
        }
    }
}
