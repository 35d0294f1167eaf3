using static TorchSharp.torch;

namespace TimeSformer.Torch.Training;

/// <summary>A decoded batch: clips laid out [B, T, 3, S, S] in one array, and their labels.</summary>
/// <param name="Clips">B*T*3*S*S floats.</param>
/// <param name="Labels">B label indices.</param>
/// <param name="Indices">The sample indices in the source.</param>
public sealed record ClipBatch(float[] Clips, long[] Labels, int[] Indices)
{
    /// <summary>Clips in the batch.</summary>
    public int Count => Labels.Length;

    /// <summary>The clips as a [B, .. <paramref name="clipShape"/>] tensor and the labels as a [B] tensor.</summary>
    public (Tensor Clips, Tensor Labels) ToTensors(IReadOnlyList<long> clipShape) => (tensor(Clips, [Count, .. clipShape]), tensor(Labels));
}
