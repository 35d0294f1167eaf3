using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TimeSformer.Torch.Model;

/// <summary>The transformer feed-forward layer: <c>fc1</c>, GELU, dropout, <c>fc2</c>, dropout.</summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly GELU act;
    private readonly Linear fc2;
    private readonly Dropout drop;

    /// <summary>Creates the layer: <paramref name="dim"/> to <paramref name="hidden"/> and back.</summary>
    public Mlp(long dim, long hidden, double dropRate) : base(nameof(Mlp))
    {
        fc1 = Linear(dim, hidden);
        act = GELU();
        fc2 = Linear(hidden, dim);
        drop = Dropout(dropRate);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = drop.call(act.call(fc1.call(x)));
        return drop.call(fc2.call(h)).MoveToOuterDisposeScope();
    }
}
