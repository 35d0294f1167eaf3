using OpenCvSharp;

namespace TimeSformer.Video.Photographic;

/// <summary>Reads a folder of photographs (<c>.jpg</c>, <c>.jpeg</c>, <c>.png</c>) into <see cref="PhotoSource"/>s,
/// checking that each decodes and is large enough before any clip is written.</summary>
public static class PhotoFolder
{
    /// <summary>Image file extensions read, case-insensitive.</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png"];

    /// <summary>How many times the frame size a photograph must be on each side, so that the camera has room to move.</summary>
    public const int MinSizeFactor = 2;

    /// <summary>The photographs under <paramref name="folder"/>, in ordinal path order. For
    /// <see cref="PhotoBenchmarkSet.Camera"/> every image in the folder and its subfolders; for
    /// <see cref="PhotoBenchmarkSet.SceneMotion"/> the images of each subfolder, whose name is their kind.</summary>
    /// <exception cref="PhotoBenchmarkException">The folder is missing or holds no image, an image does not decode or
    /// is smaller than <see cref="MinSizeFactor"/> times the frame.</exception>
    public static IReadOnlyList<PhotoSource> Read(string folder, PhotoBenchmarkSet set, int frameWidth, int frameHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string root = System.IO.Path.GetFullPath(folder);
        if (!Directory.Exists(root))
            throw new PhotoBenchmarkException(root, $"Image folder '{root}' does not exist.");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(IsImage)
            .Select(f => (File: f, Relative: System.IO.Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Where(f => set == PhotoBenchmarkSet.Camera || f.Relative.Contains('/'))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new PhotoBenchmarkException(root, set == PhotoBenchmarkSet.Camera
                ? $"Image folder '{root}' holds no .jpg, .jpeg or .png image."
                : $"Image folder '{root}' holds no .jpg, .jpeg or .png image in a kind subfolder ('{root}/<kind>/*.jpg').");
        return [.. files.Select(f => Source(f.File, f.Relative, set, frameWidth, frameHeight))];
    }

    /// <summary>Whether <paramref name="path"/> has an image extension read here.</summary>
    public static bool IsImage(string path) =>
        ImageExtensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    private static PhotoSource Source(string file, string relative, PhotoBenchmarkSet set, int frameWidth, int frameHeight)
    {
        int width, height;
        using (var image = Cv2.ImRead(file, ImreadModes.Color))
        {
            if (image.Empty())
                throw new PhotoBenchmarkException(file, $"Cannot read image '{file}': OpenCV decodes no picture from it.");
            (width, height) = (image.Width, image.Height);
        }
        if (width < MinSizeFactor * frameWidth || height < MinSizeFactor * frameHeight)
            throw new PhotoBenchmarkException(file, $"Image '{file}' is {width}x{height} pixels; {frameWidth}x{frameHeight} frames need "
                + $"at least {MinSizeFactor * frameWidth}x{MinSizeFactor * frameHeight} (use a larger image or smaller frames).");
        // The kind is the first folder under the root: folder/<kind>/.../image.jpg.
        string kind = set == PhotoBenchmarkSet.SceneMotion ? relative[..relative.IndexOf('/')] : "";
        return new PhotoSource(file, kind, relative, width, height);
    }
}
