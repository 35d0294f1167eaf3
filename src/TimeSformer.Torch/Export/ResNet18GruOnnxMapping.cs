using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Export;

/// <summary>
/// Maps a <see cref="ResNet18Gru"/> state dict to one ONNX graph: the clip's frames resized to the backbone side
/// (<c>Resize</c>, bilinear, when the sides differ), the folded preprocessing (<c>Mul</c>, <c>Add</c>), the frozen
/// ResNet18 under the <c>backbone</c> scope (folded convolutions with the pretrained file's padding, max pool, basic
/// blocks, global average pooling), the <c>GRU</c> op over the frames and the head on its last hidden state.
/// </summary>
public sealed class ResNet18GruOnnxMapping : IOnnxModelMapping
{
    private const string Batch = OnnxSignature.BatchDim;
    private const string Prefix = "backbone.";

    private readonly ResNet18GruOptions modelOptions;
    private readonly StateDictWeights stateWeights;

    /// <summary>Prepares the mapping; weights are read and checked while <see cref="EmitLogits"/> runs.</summary>
    /// <param name="options">The model configuration.</param>
    /// <param name="stateDict">Parameters and buffers by name (as <c>module.state_dict()</c> returns them).</param>
    public ResNet18GruOnnxMapping(ResNet18GruOptions options, IReadOnlyDictionary<string, Tensor> stateDict)
    {
        options.Validate();
        modelOptions = options;
        stateWeights = new StateDictWeights(stateDict, "a ResNet18-GRU");
    }

    /// <inheritdoc />
    public string Architecture => ModelArchitecture.ResNet18Gru;

    /// <inheritdoc />
    public string ConfigJson => modelOptions.ToJson();

    /// <inheritdoc />
    public int Frames => modelOptions.Frames;

    /// <inheritdoc />
    public int ImageSize => modelOptions.ImageSize;

    /// <inheritdoc />
    public int NumClasses => modelOptions.NumClasses;

    /// <inheritdoc />
    public string EmitLogits(OnnxGraphBuilder graph, string pixelValues)
    {
        using var scope = NewDisposeScope();
        int s = modelOptions.ImageSize, t = modelOptions.Frames;
        const int width = ResNet18GruOptions.FeatureWidth;
        OnnxDim frames = $"{Batch}*{t}";
        string x = graph.Reshape(pixelValues, [-1, 3, s, s], [frames, 3, s, s]);
        using (graph.Scope("backbone"))
        {
            x = ResNet18Onnx.EmitMaps(graph, stateWeights, Prefix, x, frames, s, modelOptions.BackboneSize, ResNet18Layout.StageWidths.Count).Maps;
            x = graph.ReduceMean(x, [2, 3], keepDims: false, [frames, width]);
        }
        using (graph.Scope("features"))
            x = graph.Transpose(graph.Reshape(x, [-1, t, width], [Batch, t, width]), [1, 0, 2], [t, Batch, width]);
        x = RecurrentOnnx.Emit(graph, stateWeights, RecurrentCell.Gru, modelOptions.RnnLayers, modelOptions.HiddenSize, t, x, width);
        using (graph.Scope("head"))
            return graph.GemmTransB(x, stateWeights.Initializer(graph, "head.weight", modelOptions.NumClasses, modelOptions.HiddenSize),
                stateWeights.Initializer(graph, "head.bias", modelOptions.NumClasses), [Batch, modelOptions.NumClasses]);
    }
}
