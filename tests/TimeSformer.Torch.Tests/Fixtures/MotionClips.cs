using TimeSformer.Contract;
using TimeSformer.Torch.Training;

namespace TimeSformer.Torch.Tests.Fixtures;

/// <summary>In-memory clips for trainer tests: a bright square drifting left (class 0) or right (class 1) over a
/// noisy background, so the classes differ only in time (unless <c>contrastCue</c> also makes class 0's square dark).</summary>
internal static class MotionClips
{
    public static readonly string[] Labels = ["left", "right"];

    public static InMemoryClipSource Source(int perClass, int frames = 4, int size = 32, int seed = 0, bool contrastCue = false)
    {
        var random = new Random(seed);
        var clips = new List<float[]>();
        var labels = new List<int>();
        for (int i = 0; i < perClass * 2; i++)
        {
            int label = i % 2;
            clips.Add(Clip(label, frames, size, random, contrastCue));
            labels.Add(label);
        }
        return new InMemoryClipSource(clips, labels, Labels, [frames, 3, size, size]);
    }

    public static VideoModelMetadata Metadata(int frames = 4, int size = 32) => new()
    {
        Clip = new ClipSpec { Frames = frames, Size = size, ShortSide = size },
        Labels = Labels,
        Architecture = "timesformer",
    };

    private static float[] Clip(int label, int frames, int size, Random random, bool contrastCue)
    {
        var clip = new float[frames * 3 * size * size];
        for (int k = 0; k < clip.Length; k++) clip[k] = (float)(random.NextDouble() - 0.5) * 0.5f;
        int square = size / 4, y0 = random.Next(size - square), start = random.Next(size / 4);
        int stepPx = (size - square - start) / Math.Max(1, frames - 1);
        for (int t = 0; t < frames; t++)
        {
            int x0 = start + t * stepPx;
            if (label == 0) x0 = size - square - x0;
            for (int c = 0; c < 3; c++)
                for (int y = y0; y < y0 + square; y++)
                    for (int x = x0; x < x0 + square; x++)
                        clip[((t * 3 + c) * size + y) * size + x] = contrastCue && label == 0 ? -2f : 2f;
        }
        return clip;
    }
}
