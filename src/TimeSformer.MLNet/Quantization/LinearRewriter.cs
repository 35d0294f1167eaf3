using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace TimeSformer.MLNet.Quantization;

/// <summary>Turns one fp32 <c>MatMul(x, W)</c> (and, for the fused operators, the <c>Add</c> of a constant bias
/// that follows it) into int8 nodes with the same output name. Quantized weights and the quantization of a shared
/// input are made once.</summary>
internal sealed class LinearRewriter
{
    private readonly Dictionary<string, TensorProto> initializers;
    private readonly QuantizedOperators operators;
    private readonly int weightLimit;
    private readonly Dictionary<string, (float Min, float Max)>? ranges;
    private readonly Dictionary<string, NodeProto[]> consumers;
    private readonly HashSet<string> graphOutputs;
    private readonly Dictionary<string, (string Values, string Scale, float[] Scales)> weights = [];
    private readonly Dictionary<string, (string Values, string Scale, string ZeroPoint, float StaticScale)> inputs = [];

    public LinearRewriter(GraphProto graph, Dictionary<string, TensorProto> initializers, QuantizedOperators operators,
        Dictionary<string, (float Min, float Max)>? ranges, int weightLimit)
    {
        this.initializers = initializers;
        this.operators = operators;
        this.weightLimit = weightLimit;
        this.ranges = ranges;
        consumers = graph.Node.SelectMany(n => n.Input.Select(i => (i, n))).GroupBy(p => p.i)
            .ToDictionary(g => g.Key, g => g.Select(p => p.n).ToArray());
        graphOutputs = graph.Output.Select(o => o.Name).ToHashSet();
    }

    /// <summary>Bias <c>Add</c> nodes folded into a quantized node; the caller drops them.</summary>
    public HashSet<NodeProto> Fused { get; } = [];

    /// <summary>Initializers the rewritten nodes need.</summary>
    public List<TensorProto> NewInitializers { get; } = [];

    public IEnumerable<NodeProto> Rewrite(NodeProto matMul)
    {
        string x = matMul.Input[0], output = matMul.Output[0], name = matMul.Name.Length > 0 ? matMul.Name : output;
        var weight = Weight(matMul.Input[1]);
        var nodes = new List<NodeProto>();
        var activation = Input(x, nodes, name);
        if (operators == QuantizedOperators.OnnxRuntimeFused)
        {
            var bias = FoldableBias(output, weight.Scales.Length);
            if (bias is not null)
            {
                Fused.Add(bias.Value.Add);
                output = bias.Value.Add.Output[0];
            }
            string biasName = bias?.Name ?? "";
            nodes.Add(ranges is null
                ? Node("DynamicQuantizeMatMul", name + "/int8", [x, weight.Values, weight.Scale, "", biasName], [output], OnnxQuantizer.OnnxRuntimeDomain)
                : Node("MatMulIntegerToFloat", name + "/int8", [activation.Values, weight.Values, activation.Scale, weight.Scale,
                    activation.ZeroPoint, "", biasName], [output], OnnxQuantizer.OnnxRuntimeDomain));
            TrimOptional(nodes[^1]);
            return nodes;
        }
        string integer = name + "/int8/MatMulInteger", real = name + "/int8/Cast";
        nodes.Add(Node("MatMulInteger", integer, [activation.Values, weight.Values, activation.ZeroPoint], [integer]));
        nodes.Add(Node("Cast", real, [integer], [real], attribute: new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)DataType.Float }));
        string scale;
        if (ranges is null)
        {
            scale = name + "/int8/Scale";
            nodes.Add(Node("Mul", scale, [activation.Scale, weight.Scale], [scale]));
        }
        else
        {
            // Both scales are constants: one combined per-channel scale.
            scale = name + ".int8_scale";
            Add(Int8Tensors.Float(scale, [.. weight.Scales.Select(s => s * activation.StaticScale)], weight.Scales.Length));
        }
        nodes.Add(Node("Mul", name + "/int8/Rescale", [real, scale], [output]));
        return nodes;
    }

    private (string Values, string Scale, float[] Scales) Weight(string name)
    {
        if (weights.TryGetValue(name, out var known)) return known;
        var tensor = initializers[name];
        int rows = (int)tensor.Dims[0], columns = (int)tensor.Dims[1];
        var (values, scales) = Int8Tensors.QuantizePerColumn(Int8Tensors.Floats(tensor), rows, columns, weightLimit);
        var made = (Values: name + ".int8", Scale: name + ".int8_scale", Scales: scales);
        Add(Int8Tensors.Int8(made.Values, values, rows, columns));
        Add(Int8Tensors.Float(made.Scale, scales, columns));
        weights[name] = made;
        return made;
    }

    // The uint8 form of a linear layer's input: a DynamicQuantizeLinear (standard dynamic), a QuantizeLinear with
    // calibrated constants (static), or nothing (fused dynamic, which quantizes inside the operator).
    private (string Values, string Scale, string ZeroPoint, float StaticScale) Input(string x, List<NodeProto> nodes, string name)
    {
        if (inputs.TryGetValue(x, out var known)) return known;
        (string, string, string, float) made;
        if (ranges is not null)
        {
            var (min, max) = ranges[x];
            var (scale, zeroPoint) = Int8Tensors.Uint8Range(min, max);
            string scaleName = x + ".uint8_scale", zeroName = x + ".uint8_zero_point", quantized = name + "/QuantizeLinear";
            Add(Int8Tensors.Float(scaleName, [scale]));
            Add(Int8Tensors.Uint8Scalar(zeroName, zeroPoint));
            nodes.Add(Node("QuantizeLinear", quantized, [x, scaleName, zeroName], [quantized]));
            made = (quantized, scaleName, zeroName, scale);
        }
        else if (operators == QuantizedOperators.Standard)
        {
            string quantize = name + "/DynamicQuantizeLinear";
            nodes.Add(Node("DynamicQuantizeLinear", quantize, [x], [quantize, quantize + ":scale", quantize + ":zero_point"]));
            made = (quantize, quantize + ":scale", quantize + ":zero_point", 0f);
        }
        else
            return (x, "", "", 0f);
        inputs[x] = made;
        return made;
    }

    // An Add of a constant [N] float bias that is the MatMul output's only consumer.
    private (NodeProto Add, string Name)? FoldableBias(string output, int columns)
    {
        if (graphOutputs.Contains(output) || !consumers.TryGetValue(output, out var users) || users.Length != 1) return null;
        var add = users[0];
        if (add.OpType != "Add" || !string.IsNullOrEmpty(add.Domain) || add.Input.Count != 2) return null;
        string other = add.Input[0] == output ? add.Input[1] : add.Input[0];
        return initializers.TryGetValue(other, out var bias) && bias.DataType == (int)DataType.Float
            && bias.Dims.Count == 1 && bias.Dims[0] == columns
            ? (add, other)
            : null;
    }

    private void Add(TensorProto tensor) => NewInitializers.Add(tensor);

    private static NodeProto Node(string op, string name, string[] inputs, string[] outputs, string domain = "", AttributeProto? attribute = null)
    {
        var node = new NodeProto { OpType = op, Name = name, Domain = domain };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        if (attribute is not null) node.Attribute.Add(attribute);
        return node;
    }

    // Optional inputs left empty at the end are dropped rather than passed as "".
    private static void TrimOptional(NodeProto node)
    {
        while (node.Input.Count > 0 && node.Input[^1].Length == 0) node.Input.RemoveAt(node.Input.Count - 1);
    }
}
