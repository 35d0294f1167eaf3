namespace TimeSformer.Torch.Model;

/// <summary>
/// Analytic cost of one clip, counted like the paper (and fvcore): one multiply-add is one FLOP, and only matrix
/// products and convolutions count (patch embedding, qkv, attention scores and mixing, projections, MLP, head;
/// for the CNN-RNN the convolutions, the recurrent gates and the head). The paper's TimeSformer 8x224 is 196 GFLOPs
/// per clip (0.59 TFLOPs for its 3 test views).
/// </summary>
public static class ModelComplexity
{
    /// <summary>GFLOPs of one clip through a <see cref="TimeSformerModel"/> of <paramref name="o"/>.</summary>
    public static double TimeSformerGflops(TimeSformerOptions o)
    {
        double d = o.EmbedDim, n = o.PatchesPerFrame, t = o.Frames, hidden = Math.Round(o.EmbedDim * o.MlpRatio);
        double patchEmbed = t * n * o.PatchInputChannels * o.PatchSize * o.PatchSize * d;
        double Qkv(double tokens) => tokens * d * 3 * d;
        double Proj(double tokens) => tokens * d * d;
        double Scores(double sequences, double length) => sequences * length * length * d * 2; // QK^T and AV
        double block = o.AttentionType switch
        {
            // Temporal attention over T tokens at each of N positions (+ temporal_fc), then spatial attention over
            // 1+N tokens in each frame (the CLS token is repeated per frame); MLP over 1+T*N tokens.
            AttentionType.DividedSpaceTime =>
                Qkv(t * n) + Scores(n, t) + Proj(t * n) + Proj(t * n)
                + Qkv(t * (n + 1)) + Scores(t, n + 1) + Proj(t * (n + 1)) + Mlp(1 + t * n),
            AttentionType.JointSpaceTime => Qkv(1 + t * n) + Scores(1, 1 + t * n) + Proj(1 + t * n) + Mlp(1 + t * n),
            // Each frame is its own sequence of 1+N tokens.
            AttentionType.SpaceOnly => Qkv(t * (n + 1)) + Scores(t, n + 1) + Proj(t * (n + 1)) + Mlp(t * (n + 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(o)),
        };
        double head = d * o.NumClasses;
        return (patchEmbed + o.Depth * block + head) / 1e9;

        double Mlp(double tokens) => tokens * d * hidden * 2;
    }

    /// <summary>GFLOPs of one clip through a <see cref="ResNet18Gru"/> of <paramref name="o"/> (multiply-adds, as
    /// <see cref="CnnRnnGflops"/> counts them: ResNet18 at the backbone side per frame, the GRU, the head).</summary>
    public static double ResNet18GruGflops(ResNet18GruOptions o)
    {
        double rnn = 0, input = ResNet18GruOptions.FeatureWidth;
        for (int layer = 0; layer < o.RnnLayers; layer++)
        {
            rnn += o.Frames * 3 * o.HiddenSize * (input + o.HiddenSize);
            input = o.HiddenSize;
        }
        return (o.Frames * ResNet18Layout.MultiplyAdds(o.BackboneSize) + rnn + o.HiddenSize * o.NumClasses) / 1e9;
    }

    /// <summary>GFLOPs of one clip through a <see cref="ResNet18TimeSformer"/> of <paramref name="o"/>: the truncated
    /// ResNet18 at the backbone side per frame, the 1x1 projection, and the transformer (its pixel patch embedding only
    /// when the model has one).</summary>
    public static double ResNet18TimeSformerGflops(ResNet18TimeSformerOptions o)
    {
        var transformer = o.Transformer;
        double tokens = (double)o.Frames * o.MapSide * o.MapSide;
        double pixelPatches = o.PixelPatches ? 0 : -tokens * 3 * transformer.PatchSize * transformer.PatchSize * o.EmbedDim / 1e9;
        return (o.Frames * ResNet18Layout.MultiplyAdds(o.BackboneSize, o.Stage) + tokens * o.MapChannels * o.EmbedDim) / 1e9
            + TimeSformerGflops(transformer) + pixelPatches;
    }

    /// <summary>GFLOPs of one clip through a <see cref="CnnRnn"/> of <paramref name="o"/>.</summary>
    public static double CnnRnnGflops(CnnRnnOptions o)
    {
        double side = Math.Ceiling(o.ImageSize / 2.0);
        double perFrame = side * side * o.Channels * 9 * o.StemWidth;
        double width = o.StemWidth;
        foreach (int w in o.StageWidths)
        {
            side = Math.Ceiling(side / 2);
            double area = side * side;
            perFrame += area * width * 9 * w + area * w * 9 * w + area * width * w; // conv1, conv2, shortcut
            width = w;
        }
        double gates = o.Cell == RecurrentCell.Gru ? 3 : 4;
        double rnn = 0, input = width;
        for (int layer = 0; layer < o.RnnLayers; layer++)
        {
            rnn += o.Frames * gates * o.HiddenSize * (input + o.HiddenSize);
            input = o.HiddenSize;
        }
        return (o.Frames * perFrame + rnn + o.HiddenSize * o.NumClasses) / 1e9;
    }
}
