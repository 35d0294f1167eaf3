using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Splits every frame into non-overlapping square patches and projects each to the token width with one
/// strided convolution (<c>proj</c>), frame by frame.
/// </summary>
public sealed class PatchEmbed : Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    /// <summary>Creates the layer.</summary>
    public PatchEmbed(long channels, long patchSize, long dim) : base(nameof(PatchEmbed))
    {
        proj = Conv2d(channels, dim, patchSize, stride: patchSize);
        RegisterComponents();
    }

    /// <summary>Maps frames [B*T, C, H, W] to patch grids [B*T, dim, H/patch, W/patch].</summary>
    public override Tensor forward(Tensor frames) => proj.call(frames);
}
