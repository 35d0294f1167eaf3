using TorchSharp;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Stochastic depth: in training, zeroes a residual branch for whole samples (first dimension) with probability
/// <c>p</c> and scales the kept ones by 1/(1-p); the identity in evaluation.
/// </summary>
public sealed class DropPath : nn.Module<Tensor, Tensor>
{
    private readonly double _p;

    /// <summary>Creates the module with drop probability <paramref name="p"/>.</summary>
    public DropPath(double p) : base(nameof(DropPath))
    {
        if (p < 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "Drop-path rate must be in [0, 1).");
        _p = p;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (!training || _p == 0) return x.alias();
        double keep = 1 - _p;
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.shape[0];
        using var mask = torch.empty(shape, x.dtype, x.device).bernoulli_(keep);
        return x.div(keep).mul(mask);
    }
}
