using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Multi-head self-attention over the second dimension of [batch, tokens, dim]: fused <c>qkv</c> projection,
/// softmax(q k^T / sqrt(head dim)) v, output projection <c>proj</c> (as official <c>Attention</c>).
/// </summary>
public sealed class Attention : Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly Dropout proj_drop;
    private readonly long _heads;
    private readonly double _attentionDropRate;

    /// <summary>Creates the layer.</summary>
    public Attention(long dim, long heads, bool qkvBias, double attentionDropRate, double projDropRate)
        : base(nameof(Attention))
    {
        _heads = heads;
        _attentionDropRate = attentionDropRate;
        qkv = Linear(dim, dim * 3, hasBias: qkvBias);
        proj = Linear(dim, dim);
        proj_drop = Dropout(projDropRate);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], n = x.shape[1], c = x.shape[2];
        // [3, b, heads, n, head dim]
        var parts = qkv.call(x).reshape(b, n, 3, _heads, c / _heads).permute(2, 0, 3, 1, 4);
        var attended = functional.scaled_dot_product_attention(
            parts[0], parts[1], parts[2], p: training ? _attentionDropRate : 0.0);
        var merged = attended.transpose(1, 2).reshape(b, n, c);
        return proj_drop.call(proj.call(merged)).MoveToOuterDisposeScope();
    }
}
