using System.Runtime;

namespace TimeSformer.Torch.Training;

/// <summary>
/// Holds off the .NET garbage collector while a training or evaluation step runs, where it can:
/// <c>using var _ = NoCollectionRegion.Enter();</c>.
/// </summary>
/// <remarks>Why: TorchSharp 0.107 turns doubles into native <c>Scalar</c>s implicitly inside its own code (AdamW's
/// <c>addcmul_</c>, <c>add</c>) and leaves them to the finalizer; a collection that lands while such a Scalar's handle is
/// in a native call frees it under libtorch's feet ("Unknown scalar type", "Expected false to be true" from
/// <c>Scalar::toFloat</c>). Runs of thousands of steps that decode fresh clips (large short-lived arrays, so frequent
/// collections) hit this within minutes (docs/training-experiments.md). No collection inside a step means no finalizer can
/// free a Scalar the step still uses; collections happen between steps, where every Scalar of the step is done with.
/// Should the step (with the prefetcher's threads) allocate more than the region allows, the runtime collects anyway
/// and the region ends early: a best effort, never an error.</remarks>
internal sealed class NoCollectionRegion : IDisposable
{
    /// <summary>Managed bytes the region allows: a few batches of the prefetcher's clips.</summary>
    public const long Budget = 64L << 20;

    private readonly bool entered;

    private NoCollectionRegion(bool entered) => this.entered = entered;

    /// <summary>Enters a region (collecting first if the runtime needs room); nothing when one cannot be entered.</summary>
    public static NoCollectionRegion Enter()
    {
        try
        {
            return new NoCollectionRegion(GCSettings.LatencyMode != GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(Budget));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return new NoCollectionRegion(false);
        }
    }

    /// <summary>Leaves the region if it is still in force.</summary>
    public void Dispose()
    {
        if (!entered || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The region ended by itself (its budget was spent): nothing to leave.
        }
    }
}
