using static TorchSharp.torch;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Fills tensors from a normal distribution truncated to [a, b] (as <c>timm</c>'s <c>trunc_normal_</c>, which the
/// official code uses). Ours because TorchSharp 0.107's <c>nn.init.trunc_normal_</c> fills a constant.
/// </summary>
internal static class TruncatedNormal
{
    /// <summary>Fills <paramref name="tensor"/> in place (without recording gradients) and returns it.</summary>
    public static Tensor Fill(Tensor tensor, double std, double mean = 0, double a = -2, double b = 2)
    {
        using var noGrad = no_grad();
        // Inverse-CDF sampling: uniform over [cdf(a), cdf(b)] mapped through the normal quantile.
        double low = NormalCdf((a - mean) / std), high = NormalCdf((b - mean) / std);
        tensor.uniform_(2 * low - 1, 2 * high - 1).erfinv_().mul_(std * Math.Sqrt(2)).add_(mean);
        return tensor.clamp_(a, b);
    }

    private static double NormalCdf(double x) => (1 + Erf(x / Math.Sqrt(2))) / 2;

    // Abramowitz and Stegun 7.1.26 (|error| < 1.5e-7): enough to place the truncation bounds.
    private static double Erf(double x)
    {
        double t = 1 / (1 + 0.3275911 * Math.Abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496735) * t + 0.254829592) * t * Math.Exp(-x * x);
        return Math.Sign(x) * y;
    }
}
