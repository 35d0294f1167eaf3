using static TorchSharp.torch;

namespace TimeSformer.Torch.Export;

/// <summary>Reads a mapping's weights from a state dict, checking presence and shape with messages that name
/// the entry.</summary>
internal sealed class StateDictWeights(IReadOnlyDictionary<string, Tensor> state, string modelDescription)
{
    /// <summary>The entry <paramref name="name"/>, which must have <paramref name="shape"/>.</summary>
    public Tensor Get(string name, params long[] shape)
    {
        if (!state.TryGetValue(name, out var tensor))
            throw new OnnxExportException($"The state dict has no '{name}', which {modelDescription} needs; check that the options match the model.");
        if (!tensor.shape.SequenceEqual(shape))
            throw new OnnxExportException($"State dict entry '{name}' has shape [{string.Join(", ", tensor.shape)}] but the " +
                $"options need [{string.Join(", ", shape)}]; check that the options match the model.");
        return tensor;
    }

    /// <summary>The entry <paramref name="name"/> as an initializer of the same name.</summary>
    public string Initializer(OnnxGraphBuilder graph, string name, params long[] shape) => graph.Initializer(name, Get(name, shape));
}
