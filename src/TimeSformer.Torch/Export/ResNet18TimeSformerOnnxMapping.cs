using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Export;

/// <summary>
/// Maps a <see cref="ResNet18TimeSformer"/> state dict to one ONNX graph: the clip's frames through the truncated
/// frozen ResNet18 under the <c>backbone</c> scope (<see cref="ResNet18Onnx"/>), the 1x1 projection
/// (<c>feature_proj</c>), the pixel patch embedding added when the model has one, then the TimeSformer's embeddings,
/// divided space-time blocks and head (<see cref="TimeSformerOnnxMapping"/> on the <c>transformer.</c> weights).
/// </summary>
public sealed class ResNet18TimeSformerOnnxMapping : IOnnxModelMapping
{
    private const string Batch = OnnxSignature.BatchDim;

    private readonly ResNet18TimeSformerOptions modelOptions;
    private readonly StateDictWeights stateWeights;
    private readonly TimeSformerOnnxMapping transformer;

    /// <summary>Prepares the mapping; weights are read and checked while <see cref="EmitLogits"/> runs.</summary>
    /// <param name="options">The model configuration.</param>
    /// <param name="stateDict">Parameters and buffers by name (as <c>module.state_dict()</c> returns them).</param>
    public ResNet18TimeSformerOnnxMapping(ResNet18TimeSformerOptions options, IReadOnlyDictionary<string, Tensor> stateDict)
    {
        options.Validate();
        modelOptions = options;
        stateWeights = new StateDictWeights(stateDict, $"a ResNet18-TimeSformer (stage {options.Stage}{(options.PixelPatches ? ", pixel patches" : "")})");
        transformer = new TimeSformerOnnxMapping(options.Transformer, stateDict, "transformer.");
    }

    /// <inheritdoc />
    public string Architecture => ModelArchitecture.ResNet18TimeSformer;

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
        int s = modelOptions.ImageSize, t = modelOptions.Frames, c = modelOptions.MapChannels, d = modelOptions.EmbedDim;
        OnnxDim frames = $"{Batch}*{t}";
        string x = graph.Reshape(pixelValues, [-1, 3, s, s], [frames, 3, s, s]);
        int side;
        using (graph.Scope("backbone"))
            (x, side) = ResNet18Onnx.EmitMaps(graph, stateWeights, "backbone.", x, frames, s, modelOptions.BackboneSize, modelOptions.Stage);
        OnnxDim[] grid = [frames, d, side, side];
        using (graph.Scope("feature_proj"))
            x = graph.Conv(x, stateWeights.Initializer(graph, "feature_proj.weight", d, c, 1, 1),
                stateWeights.Initializer(graph, "feature_proj.bias", d), 1, 1, grid);
        if (modelOptions.PixelPatches)
            x = graph.Add(x, transformer.EmitPatchEmbed(graph, pixelValues), grid);
        return transformer.EmitFromGrid(graph, x);
    }
}
