using System.Collections;

namespace TimeSformer.MLNet.Quantization;

/// <summary>A list of clips made when read, one at a time: a Base-sized clip is 4.8 MB, so a few hundred held at once
/// would cost gigabytes. Reading an element twice makes it twice.</summary>
internal sealed class OnDemandClips(int count, Func<int, float[]> make) : IReadOnlyList<float[]>
{
    public int Count => count;

    public float[] this[int index] => (uint)index < (uint)count ? make(index) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<float[]> GetEnumerator()
    {
        for (int i = 0; i < count; i++) yield return make(i);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
