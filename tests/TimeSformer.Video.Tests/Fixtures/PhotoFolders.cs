using OpenCvSharp;

namespace TimeSformer.Video.Tests.Fixtures;

/// <summary>Folders of made-up "photographs" (seeded, blurred random textures, so phase correlation locks onto them)
/// for the photographic benchmarks.</summary>
internal static class PhotoFolders
{
    /// <summary>A new folder under the test folder holding <paramref name="count"/> PNG images of
    /// <paramref name="width"/> x <paramref name="height"/>, each in <paramref name="kinds"/> subfolders when given.</summary>
    public static string Create(string name, int count, int width = 320, int height = 240, params string[] kinds)
    {
        string root = Path.Combine(TestVideos.Folder, $"photos-{name}-{Guid.NewGuid():N}");
        var folders = kinds.Length == 0 ? [root] : kinds.Select(k => Path.Combine(root, k)).ToArray();
        int seed = 0;
        foreach (string folder in folders)
        {
            Directory.CreateDirectory(folder);
            for (int i = 0; i < count; i++)
                WriteTexture(Path.Combine(folder, $"photo{i}.png"), width, height, ++seed);
        }
        return root;
    }

    /// <summary>Writes one seeded texture: random colour cells blurred to blobs about a hundredth of the width.</summary>
    public static void WriteTexture(string path, int width, int height, int seed)
    {
        using var noise = new Mat(height, width, MatType.CV_8UC3);
        var bytes = new byte[width * height * 3];
        new Random(seed).NextBytes(bytes);
        bytes.CopyTo(noise.AsSpan<byte>());
        using var texture = new Mat();
        Cv2.GaussianBlur(noise, texture, new Size(0, 0), Math.Max(2.5, width / 80.0));
        Cv2.Normalize(texture, texture, 0, 255, NormTypes.MinMax);
        Cv2.ImWrite(path, texture);
    }
}
