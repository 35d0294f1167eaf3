using Onnx;
using TimeSformer.Contract;
using DataType = Onnx.TensorProto.Types.DataType;

namespace TimeSformer.MLNet.Quantization;

/// <summary>
/// Rewrites an fp32 ONNX model so that its linear layers run on the CPU's integer units: every <c>MatMul</c> whose
/// second input is a constant 2-D float weight gets int8 weights (symmetric, one scale per output channel) and uint8
/// activations (dynamic or calibrated, <see cref="ActivationQuantization"/>), written as
/// <see cref="QuantizedOperators"/>. Everything else (attention products, normalisation, the classifier's
/// <c>Gemm</c>, convolutions) stays fp32. The input, outputs and metadata stay as they were, plus a
/// <see cref="VideoModelMetadata.QuantizationKey"/> entry, so ML.NET's <c>ScoreVideos</c> scores the result unchanged.
/// </summary>
/// <remarks>Use <see cref="VideoModelQuantizer"/> to quantize a model file and check it against the original.</remarks>
public static class OnnxQuantizer
{
    /// <summary>Domain of ONNX Runtime's contrib operators.</summary>
    public const string OnnxRuntimeDomain = "com.microsoft";

    private const string WeightScheme = "int8 symmetric per output channel";

    /// <summary>Quantizes <paramref name="fp32"/> (left unchanged) and returns the new model.</summary>
    /// <param name="fp32">The model.</param>
    /// <param name="options">Settings; defaults to dynamic activations and ONNX Runtime's fused operators.</param>
    /// <param name="calibrationClips">Clips ([T, 3, S, S] values each) for <see cref="ActivationQuantization.Static"/>.</param>
    /// <exception cref="OnnxQuantizationException">The model is already quantized or has no linear layer with constant
    /// weights, or static quantization has no calibration clips.</exception>
    public static (ModelProto Model, ModelQuantization Quantization) Quantize(ModelProto fp32,
        Int8QuantizationOptions? options = null, IReadOnlyList<float[]>? calibrationClips = null)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        options ??= new Int8QuantizationOptions();
        options.Validate();
        if (fp32.MetadataProps.Any(p => p.Key == VideoModelMetadata.QuantizationKey))
            throw new OnnxQuantizationException($"Model '{fp32.Graph?.Name}' is already quantized: quantize its fp32 original.");
        var model = fp32.Clone();
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var targets = graph.Node.Where(n => IsLinear(n, initializers)).ToHashSet();
        if (targets.Count == 0)
            throw new OnnxQuantizationException($"Model '{graph.Name}' has no MatMul with a constant weight to quantize. "
                + "This quantizer converts linear layers only (the TimeSformer's); a CNN-RNN spends its time in convolutions "
                + "and a recurrent cell, which it leaves in fp32, so there is nothing to gain: export that model without --quantize.");
        bool isStatic = options.Activations == ActivationQuantization.Static;
        var ranges = isStatic
            ? ActivationCalibrator.MinMax(fp32, targets.Select(n => n.Input[0]).Distinct().ToList(), calibrationClips ?? [], options.Threads)
            : null;

        var rewriter = new LinearRewriter(graph, initializers, options.Operators, ranges,
            options.ReduceRange ? Int8Tensors.ReducedWeightLimit : Int8Tensors.WeightLimit);
        var nodes = new List<NodeProto>();
        foreach (var node in graph.Node)
        {
            if (rewriter.Fused.Contains(node)) continue;
            if (targets.Contains(node)) nodes.AddRange(rewriter.Rewrite(node));
            else nodes.Add(node);
        }
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.Initializer.AddRange(rewriter.NewInitializers);
        RemoveUnused(graph);
        if (options.Operators == QuantizedOperators.OnnxRuntimeFused && !model.OpsetImport.Any(o => o.Domain == OnnxRuntimeDomain))
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = OnnxRuntimeDomain, Version = 1 });

        var quantization = new ModelQuantization
        {
            Format = "int8",
            Weights = options.ReduceRange ? WeightScheme + ", 7-bit range [-63, 63]" : WeightScheme + ", full range [-127, 127]",
            Activations = isStatic ? "static (uint8 per tensor, min-max)" : "dynamic (uint8 per tensor, range per call)",
            Operators = Describe(options),
            QuantizedLayers = targets.Count,
            CalibrationClips = isStatic ? calibrationClips!.Count : 0,
        };
        SetMetadata(model, quantization);
        return (model, quantization);
    }

    /// <summary>Writes <paramref name="quantization"/> into the model's <c>metadata_props</c>, replacing an earlier entry.</summary>
    public static void SetMetadata(ModelProto model, ModelQuantization quantization)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(quantization);
        var old = model.MetadataProps.FirstOrDefault(p => p.Key == VideoModelMetadata.QuantizationKey);
        if (old is not null) model.MetadataProps.Remove(old);
        model.MetadataProps.Add(new StringStringEntryProto { Key = VideoModelMetadata.QuantizationKey, Value = quantization.ToJson() });
    }

    private static string Describe(Int8QuantizationOptions options) => (options.Operators, options.Activations) switch
    {
        (QuantizedOperators.OnnxRuntimeFused, ActivationQuantization.Dynamic) => "com.microsoft DynamicQuantizeMatMul",
        (QuantizedOperators.OnnxRuntimeFused, _) => "QuantizeLinear + com.microsoft MatMulIntegerToFloat",
        (_, ActivationQuantization.Dynamic) => "DynamicQuantizeLinear + MatMulInteger",
        _ => "QuantizeLinear + MatMulInteger",
    };

    private static bool IsLinear(NodeProto node, Dictionary<string, TensorProto> initializers) =>
        node.OpType == "MatMul" && string.IsNullOrEmpty(node.Domain) && node.Input.Count == 2
        && initializers.TryGetValue(node.Input[1], out var weight)
        && weight.DataType == (int)DataType.Float && weight.Dims.Count == 2;

    // Drops initializers and value_info that no node uses or produces any more (the fp32 weights, folded biases).
    private static void RemoveUnused(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet();
        var produced = graph.Node.SelectMany(n => n.Output).ToHashSet();
        foreach (var tensor in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList())
            graph.Initializer.Remove(tensor);
        foreach (var info in graph.ValueInfo.Where(v => !produced.Contains(v.Name)).ToList())
            graph.ValueInfo.Remove(info);
    }
}
