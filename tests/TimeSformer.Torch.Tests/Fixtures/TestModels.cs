using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests.Fixtures;

/// <summary>Tiny configurations and inputs shared by the model tests.</summary>
internal static class TestModels
{
    public const int Classes = 3;

    /// <summary>32 px, patch 8, 4 frames, width 32, depth 2, no dropout.</summary>
    public static TimeSformerOptions Tiny(AttentionType attention = AttentionType.DividedSpaceTime,
        PositionalEmbedding positional = PositionalEmbedding.SpaceTime) =>
        TimeSformerOptions.Tiny(Classes) with { AttentionType = attention, PositionalEmbedding = positional };

    /// <summary>A seeded random clip batch [batch, frames, 3, size, size].</summary>
    public static Tensor Clip(long batch = 2, long frames = 4, long size = 32, int seed = 1)
    {
        using var generator = new Generator((ulong)seed);
        return randn([batch, frames, 3, size, size], generator: generator);
    }

    /// <summary>Every attention type crossed with every positional-embedding mode.</summary>
    public static IEnumerable<object[]> AllVariants() =>
        from a in Enum.GetValues<AttentionType>()
        from p in Enum.GetValues<PositionalEmbedding>()
        select new object[] { a, p };

    /// <summary>Largest absolute element-wise difference.</summary>
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var d = (a - b).abs().max();
        return d.item<float>();
    }
}
