using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Export;

/// <summary>
/// Maps a TimeSformer state dict (official <c>vit.py</c> names) to an ONNX graph, for every attention type and
/// positional-embedding mode. T and S are fixed to the configuration; the batch is dynamic.
/// </summary>
/// <remarks>
/// Static work is folded at export time: q/k/v weights are pre-split and transposed, the attention scale is folded
/// into q, the temporal attention's <c>proj</c> and the block's <c>temporal_fc</c> become one matrix, the CLS
/// token carries its positional embedding, and the last block runs its MLP and the final norm on the CLS token
/// only (the only token the head reads, unless <see cref="TimeSformerOptions.MeanPooling"/>).
/// </remarks>
public sealed class TimeSformerOnnxMapping : IOnnxModelMapping
{
    private const string Batch = OnnxSignature.BatchDim;
    private readonly TimeSformerOptions modelOptions;
    private readonly StateDictWeights stateWeights;
    private readonly int frameCount, patchCount, embedDim, headCount;
    private readonly string keyPrefix;

    /// <summary>Prepares the mapping; weights are read and checked while <see cref="EmitLogits"/> runs.</summary>
    /// <param name="options">The model configuration.</param>
    /// <param name="stateDict">Parameters by official name (as <c>module.state_dict()</c> returns them).</param>
    public TimeSformerOnnxMapping(TimeSformerOptions options, IReadOnlyDictionary<string, Tensor> stateDict)
        : this(options, stateDict, "")
    {
    }

    /// <summary>Prepares the mapping of a TimeSformer held by another model, whose state-dict names start with
    /// <paramref name="prefix"/> (<c>transformer.</c>); that model emits the patch grid (<see cref="EmitFromGrid"/>).</summary>
    internal TimeSformerOnnxMapping(TimeSformerOptions options, IReadOnlyDictionary<string, Tensor> stateDict, string prefix)
    {
        keyPrefix = prefix;
        options.Validate();
        modelOptions = options;
        stateWeights = new StateDictWeights(stateDict, $"a {AttentionTypeNames.ToOfficial(options.AttentionType)} TimeSformer " +
            $"with pos_embed '{PositionalEmbeddingNames.ToOfficial(options.PositionalEmbedding)}'");
        (frameCount, patchCount, embedDim, headCount) = (options.Frames, options.PatchesPerFrame, options.EmbedDim, options.NumHeads);
    }

    /// <inheritdoc />
    public string Architecture => ModelArchitecture.TimeSformer;

    /// <inheritdoc />
    public string ConfigJson => modelOptions.ToOfficialJson();

    /// <inheritdoc />
    public int Frames => modelOptions.Frames;

    /// <inheritdoc />
    public int ImageSize => modelOptions.ImageSize;

    /// <inheritdoc />
    public int NumClasses => modelOptions.NumClasses;

    private bool SpaceOnly => modelOptions.AttentionType == AttentionType.SpaceOnly;

    private bool UsesPosEmbed => modelOptions.PositionalEmbedding != PositionalEmbedding.None;

    /// <inheritdoc />
    public string EmitLogits(OnnxGraphBuilder graph, string pixelValues) => EmitFromGrid(graph, EmitPatchEmbed(graph, pixelValues));

    /// <summary>The pixel patch embedding (<c>patch_embed</c>): clips [B, T, C, S, S] to patch grids
    /// [B*T, D, S/patch, S/patch], through their frame differences when the configuration has them.</summary>
    internal string EmitPatchEmbed(OnnxGraphBuilder graph, string pixelValues)
    {
        int s = modelOptions.ImageSize, p = modelOptions.PatchSize, side = modelOptions.PatchesPerSide, c = modelOptions.PatchInputChannels;
        OnnxDim frames = $"{Batch}*{frameCount}";
        using var scope = graph.Scope("patch_embed");
        string x = modelOptions.FrameDifferences ? EmitFrameDifferences(graph, pixelValues) : pixelValues;
        x = graph.Reshape(x, [-1, c, s, s], [frames, c, s, s]);
        return graph.Conv(x, Param(graph, "patch_embed.proj.weight", embedDim, c, p, p),
            Param(graph, "patch_embed.proj.bias", embedDim), p, p, [frames, embedDim, side, side]);
    }

    /// <summary>Everything after the patch embedding, from patch grids [B*T, D, side, side] (side: the configuration's
    /// patches per side) to logits [B, classes]: CLS token, positional embeddings, blocks, norm, head.</summary>
    internal string EmitFromGrid(OnnxGraphBuilder graph, string grid)
    {
        using var scope = NewDisposeScope();
        var (x, groups) = EmitEmbedding(graph, grid);
        for (int i = 0; i < modelOptions.Depth; i++)
        {
            bool last = i == modelOptions.Depth - 1 && !modelOptions.MeanPooling;
            using (graph.Scope($"blocks.{i}"))
                x = modelOptions.AttentionType == AttentionType.DividedSpaceTime
                    ? EmitDividedBlock(graph, $"blocks.{i}.", x, last)
                    : EmitSingleAttentionBlock(graph, $"blocks.{i}.", x, groups, last);
        }
        OnnxDim[] cls = [Batch, 1, embedDim];
        if (modelOptions.MeanPooling)
            using (graph.Scope("patch_mean"))
                x = EmitPatchMean(graph, x, cls);
        else if (SpaceOnly)
            using (graph.Scope("frame_mean"))
                x = graph.ReduceMean(graph.Reshape(x, [-1, frameCount, embedDim], [Batch, frameCount, embedDim]), [1], keepDims: true, cls);
        using (graph.Scope("norm"))
            x = EmitLayerNorm(graph, "norm", x, cls);
        using (graph.Scope("head"))
        {
            x = graph.Reshape(x, [-1, embedDim], [Batch, embedDim]);
            return graph.GemmTransB(x, Param(graph, "head.weight", modelOptions.NumClasses, embedDim),
                Param(graph, "head.bias", modelOptions.NumClasses), [Batch, modelOptions.NumClasses]);
        }
    }

    /// <summary>The mean of every frame's patch tokens, [B, 1, D], from the last block's tokens ([B, 1+N*T, D], or
    /// [B*T, 1+N, D] for space-only attention).</summary>
    private string EmitPatchMean(OnnxGraphBuilder graph, string x, OnnxDim[] shape)
    {
        int tokens = patchCount * frameCount;
        string patches = SpaceOnly
            ? graph.Reshape(graph.Slice(x, 1, 1, patchCount + 1, [$"{Batch}*{frameCount}", patchCount, embedDim]), [-1, tokens, embedDim], [Batch, tokens, embedDim])
            : graph.Slice(x, 1, 1, tokens + 1, [Batch, tokens, embedDim]);
        return graph.ReduceMean(patches, [1], keepDims: true, shape);
    }

    /// <summary>Positional embeddings and CLS token on patch grids [B*T, D, side, side]. Returns the tokens,
    /// [B, 1+N*T, D] in the official (n t) order, or [B*T, 1+N, D] for space-only attention, and the attention group
    /// dimension.</summary>
    private (string Tokens, OnnxDim Groups) EmitEmbedding(OnnxGraphBuilder graph, string x)
    {
        OnnxDim frames = $"{Batch}*{frameCount}";
        var clsToken = Weight("cls_token", 1, 1, embedDim);
        var patchPos = (Tensor?)null;
        if (UsesPosEmbed)
        {
            var pos = Weight("pos_embed", 1, patchCount + 1, embedDim);
            clsToken = clsToken + pos.narrow(1, 0, 1);
            patchPos = pos[0].narrow(0, 1, patchCount);
        }
        string clsInit = graph.Initializer("cls_token.with_pos_embed", clsToken);
        using var embed = graph.Scope("embed");
        if (SpaceOnly)
        {
            x = graph.Transpose(graph.Reshape(x, [-1, embedDim, patchCount], [frames, embedDim, patchCount]), [0, 2, 1], [frames, patchCount, embedDim]);
            if (patchPos is not null)
                x = graph.Add(x, graph.Initializer("pos_embed.patches", patchPos), [frames, patchCount, embedDim]);
            return (ConcatCls(graph, clsInit, x, frames, patchCount), frames);
        }
        OnnxDim[] tokens = [Batch, patchCount, frameCount, embedDim];
        x = graph.Transpose(graph.Reshape(x, [-1, frameCount, embedDim, patchCount], [Batch, frameCount, embedDim, patchCount]), [0, 3, 1, 2], tokens);
        if (patchPos is not null)
            x = graph.Add(x, graph.Initializer("pos_embed.patches", patchPos.unsqueeze(1)), tokens);
        if (modelOptions.HasTimeEmbedding)
            x = graph.Add(x, graph.Initializer("time_embed", Weight("time_embed", 1, frameCount, embedDim)[0]), tokens);
        x = graph.Reshape(x, [-1, patchCount * frameCount, embedDim], [Batch, patchCount * frameCount, embedDim]);
        return (ConcatCls(graph, clsInit, x, Batch, patchCount * frameCount), Batch);
    }

    /// <summary>Clips [B, T, C, S, S] to [B, T, 2C, S, S]: each frame, then its difference from the frame before (zero
    /// for the first), as <see cref="TimeSformerModel"/> builds its patch input.</summary>
    private string EmitFrameDifferences(OnnxGraphBuilder graph, string clips)
    {
        int c = modelOptions.Channels, s = modelOptions.ImageSize;
        OnnxDim[] Frames(OnnxDim t, int channels) => [Batch, t, channels, s, s];
        using var scope = graph.Scope("frame_differences");
        string first = graph.Slice(clips, 1, 0, 1, Frames(1, c));
        string differences = graph.Sub(first, first, Frames(1, c));
        if (frameCount > 1)
        {
            string later = graph.Slice(clips, 1, 1, frameCount, Frames(frameCount - 1, c));
            string earlier = graph.Slice(clips, 1, 0, frameCount - 1, Frames(frameCount - 1, c));
            differences = graph.Concat(1, [differences, graph.Sub(later, earlier, Frames(frameCount - 1, c))], Frames(frameCount, c));
        }
        return graph.Concat(2, [clips, differences], Frames(frameCount, 2 * c));
    }

    /// <summary>Prepends the CLS token, broadcast over the (dynamic) leading dimension of <paramref name="x"/>.</summary>
    private string ConcatCls(OnnxGraphBuilder graph, string cls, string x, OnnxDim rows, int tokens)
    {
        string shape = graph.Concat(0, [graph.Shape(x, 0, 1), graph.Int64s(1, embedDim)]);
        string expanded = graph.Expand(cls, shape, [rows, 1, embedDim]);
        return graph.Concat(1, [expanded, x], [rows, tokens + 1, embedDim]);
    }

    /// <summary>Space-only or joint space-time block: x + attn(norm1(x)), then x + mlp(norm2(x)). In the last block
    /// only the CLS token continues.</summary>
    private string EmitSingleAttentionBlock(OnnxGraphBuilder graph, string prefix, string x, OnnxDim groups, bool last)
    {
        int length = SpaceOnly ? patchCount + 1 : patchCount * frameCount + 1;
        OnnxDim[] shape = [groups, length, embedDim];
        string h;
        using (graph.Scope("norm1"))
            h = EmitLayerNorm(graph, prefix + "norm1", x, shape);
        using (graph.Scope("attn"))
            h = EmitAttention(graph, prefix + "attn", h, groups, length, [-1, length, embedDim], shape, Projection(prefix + "attn.proj"));
        x = graph.Add(x, h, shape);
        if (last)
        {
            shape = [groups, 1, embedDim];
            x = graph.Slice(x, 1, 0, 1, shape);
        }
        return EmitMlpResidual(graph, prefix, x, shape);
    }

    /// <summary>Divided space-time block (official <c>Block.forward</c>): temporal attention per patch position,
    /// then spatial attention per frame with the CLS token repeated per frame and its outputs averaged.</summary>
    private string EmitDividedBlock(OnnxGraphBuilder graph, string prefix, string x, bool last)
    {
        OnnxDim bn = $"{Batch}*{patchCount}", bt = $"{Batch}*{frameCount}";
        OnnxDim[] clsShape = [Batch, 1, embedDim], temporal = [bn, frameCount, embedDim], grid = [Batch, patchCount, frameCount, embedDim];
        string cls = graph.Slice(x, 1, 0, 1, clsShape);
        string xt = graph.Reshape(graph.Slice(x, 1, 1, patchCount * frameCount + 1, [Batch, patchCount * frameCount, embedDim]), [-1, frameCount, embedDim], temporal);

        string h;
        using (graph.Scope("temporal_norm1"))
            h = EmitLayerNorm(graph, prefix + "temporal_norm1", xt, temporal);
        using (graph.Scope("temporal_attn"))
            h = EmitAttention(graph, prefix + "temporal_attn", h, bn, frameCount, [-1, frameCount, embedDim], temporal, TemporalProjection(prefix));
        xt = graph.Reshape(graph.Add(xt, h, temporal), [-1, patchCount, frameCount, embedDim], grid);

        string xs;
        using (graph.Scope("spatial_tokens"))
        {
            OnnxDim[] frameShape = [bt, 1, embedDim];
            string clsPerFrame = graph.Reshape(graph.Expand(cls, graph.Int64s(1, frameCount, 1), [Batch, frameCount, embedDim]), [-1, 1, embedDim], frameShape);
            xs = graph.Reshape(graph.Transpose(xt, [0, 2, 1, 3], [Batch, frameCount, patchCount, embedDim]), [-1, patchCount, embedDim], [bt, patchCount, embedDim]);
            xs = graph.Concat(1, [clsPerFrame, xs], [bt, patchCount + 1, embedDim]);
        }
        OnnxDim[] spatial = [bt, patchCount + 1, embedDim];
        using (graph.Scope("norm1"))
            h = EmitLayerNorm(graph, prefix + "norm1", xs, spatial);
        using (graph.Scope("attn"))
            h = EmitAttention(graph, prefix + "attn", h, bt, patchCount + 1, [-1, patchCount + 1, embedDim], spatial, Projection(prefix + "attn.proj"));

        using (graph.Scope("cls_mean"))
        {
            string clsOut = graph.Reshape(graph.Slice(h, 1, 0, 1, [bt, 1, embedDim]), [-1, frameCount, embedDim], [Batch, frameCount, embedDim]);
            cls = graph.Add(cls, graph.ReduceMean(clsOut, [1], keepDims: true, clsShape), clsShape);
        }
        if (last)
            return EmitMlpResidual(graph, prefix, cls, clsShape);
        using (graph.Scope("spatial_residual"))
        {
            string patches = graph.Slice(h, 1, 1, patchCount + 1, [bt, patchCount, embedDim]);
            patches = graph.Transpose(graph.Reshape(patches, [-1, frameCount, patchCount, embedDim], [Batch, frameCount, patchCount, embedDim]), [0, 2, 1, 3], grid);
            patches = graph.Reshape(graph.Add(xt, patches, grid), [-1, patchCount * frameCount, embedDim], [Batch, patchCount * frameCount, embedDim]);
            x = graph.Concat(1, [cls, patches], [Batch, patchCount * frameCount + 1, embedDim]);
        }
        return EmitMlpResidual(graph, prefix, x, [Batch, patchCount * frameCount + 1, embedDim]);
    }

    /// <summary>x + fc2(gelu(fc1(norm2(x)))).</summary>
    private string EmitMlpResidual(OnnxGraphBuilder graph, string prefix, string x, OnnxDim[] shape)
    {
        int hidden = (int)(embedDim * modelOptions.MlpRatio);
        OnnxDim[] hiddenShape = [.. shape[..^1], hidden];
        string h;
        using (graph.Scope("norm2"))
            h = EmitLayerNorm(graph, prefix + "norm2", x, shape);
        using (graph.Scope("mlp"))
        {
            using (graph.Scope("fc1"))
                h = EmitLinear(graph, prefix + "mlp.fc1", h, hidden, embedDim, hiddenShape);
            using (graph.Scope("act"))
                h = graph.Gelu(h, hiddenShape);
            using (graph.Scope("fc2"))
                h = EmitLinear(graph, prefix + "mlp.fc2", h, embedDim, hidden, shape);
        }
        return graph.Add(x, h, shape);
    }

    /// <summary>Multi-head self-attention over groups of <paramref name="length"/> tokens (official
    /// <c>Attention.forward</c>): q, k and v from pre-split weights, scale folded into q, then
    /// <paramref name="projection"/> on the merged heads, reshaped to <paramref name="outDims"/>.</summary>
    private string EmitAttention(OnnxGraphBuilder graph, string prefix, string x, OnnxDim groups, int length,
        long[] outDims, OnnxDim[] outShape, (string Name, Tensor Weight, Tensor Bias) projection)
    {
        int headDim = embedDim / headCount;
        var qkvWeight = Weight(prefix + ".qkv.weight", 3 * embedDim, embedDim).to(ScalarType.Float64).chunk(3);
        var qkvBias = modelOptions.QkvBias ? Weight(prefix + ".qkv.bias", 3 * embedDim).to(ScalarType.Float64).chunk(3) : null;
        double scale = 1.0 / Math.Sqrt(headDim);
        OnnxDim[] split = [groups, length, headCount, headDim];

        string Project(int index, string name, long[] perm, OnnxDim[] shape)
        {
            using var scope = graph.Scope(name);
            double factor = index == 0 ? scale : 1.0;
            string weight = graph.Initializer($"{prefix}.{name}.weight", (qkvWeight[index] * factor).t());
            string? bias = qkvBias is null ? null : graph.Initializer($"{prefix}.{name}.bias", qkvBias[index] * factor);
            string y = graph.Reshape(graph.Linear(x, weight, bias, outShape), [-1, length, headCount, headDim], split);
            return graph.Transpose(y, perm, shape);
        }

        string q = Project(0, "q", [0, 2, 1, 3], [groups, headCount, length, headDim]);
        string k = Project(1, "k", [0, 2, 3, 1], [groups, headCount, headDim, length]);
        string v = Project(2, "v", [0, 2, 1, 3], [groups, headCount, length, headDim]);
        string scores = graph.Softmax(graph.MatMul(q, k, [groups, headCount, length, length]), -1, [groups, headCount, length, length]);
        string o = graph.Transpose(graph.MatMul(scores, v, [groups, headCount, length, headDim]), [0, 2, 1, 3], split);
        o = graph.Reshape(o, outDims, outShape);
        using (graph.Scope("proj"))
            return graph.Linear(o, graph.Initializer(projection.Name + ".weight.T", projection.Weight.t()),
                graph.Initializer(projection.Name + ".bias", projection.Bias), outShape);
    }

    private (string Name, Tensor Weight, Tensor Bias) Projection(string name) =>
        (name, Weight(name + ".weight", embedDim, embedDim), Weight(name + ".bias", embedDim));

    /// <summary>temporal_fc(temporal_attn.proj(o)) as one linear map: W = Wfc Wproj, b = Wfc bproj + bfc.</summary>
    private (string Name, Tensor Weight, Tensor Bias) TemporalProjection(string prefix)
    {
        var (_, wp, bp) = Projection(prefix + "temporal_attn.proj");
        var (_, wf, bf) = Projection(prefix + "temporal_fc");
        wf = wf.to(ScalarType.Float64);
        return (prefix + "temporal_attn.proj+temporal_fc", wf.matmul(wp.to(ScalarType.Float64)),
            wf.matmul(bp.to(ScalarType.Float64)) + bf.to(ScalarType.Float64));
    }

    private string EmitLinear(OnnxGraphBuilder graph, string name, string x, int outFeatures, int inFeatures, OnnxDim[] shape) =>
        graph.Linear(x, graph.Initializer(name + ".weight.T", Weight(name + ".weight", outFeatures, inFeatures).t()),
            Param(graph, name + ".bias", outFeatures), shape);

    private string EmitLayerNorm(OnnxGraphBuilder graph, string name, string x, OnnxDim[] shape) =>
        graph.LayerNorm(x, Param(graph, name + ".weight", embedDim), Param(graph, name + ".bias", embedDim), modelOptions.LayerNormEps, shape);

    private string Param(OnnxGraphBuilder graph, string name, params long[] shape) => stateWeights.Initializer(graph, keyPrefix + name, shape);

    private Tensor Weight(string name, params long[] shape) => stateWeights.Get(keyPrefix + name, shape);
}
