using System.Globalization;

namespace TimeSformer.Video.Datasets;

/// <summary>Reads UCF101's <c>classInd.txt</c>, <c>trainlist0N.txt</c> (<c>path label</c>, 1-based) and
/// <c>testlist0N.txt</c> (<c>path</c>).</summary>
internal static class Ucf101Splits
{
    public static VideoDataset Read(string videoRoot, string splitFolder, int splitNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splitNumber, 1);
        if (!Directory.Exists(videoRoot))
            throw new DatasetManifestException(videoRoot, 0, "the video folder does not exist.");
        var classes = ReadClassIndex(Path.Combine(splitFolder, "classInd.txt"));
        var byName = classes.Values.ToDictionary(c => c, c => c, StringComparer.OrdinalIgnoreCase);
        var samples = new List<VideoSample>();
        string suffix = splitNumber.ToString("00", CultureInfo.InvariantCulture) + ".txt";
        foreach (var (file, fields) in Lines(Path.Combine(splitFolder, "trainlist" + suffix)))
        {
            if (fields.Length != 2 || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
                || !classes.TryGetValue(index, out var label))
                throw new DatasetManifestException(file.Path, file.Line, $"expected 'path label' with a label in classInd.txt, got '{string.Join(" ", fields)}'.");
            samples.Add(Sample(videoRoot, fields[0], label, VideoDataset.TrainSplit, file));
        }
        foreach (var (file, fields) in Lines(Path.Combine(splitFolder, "testlist" + suffix)))
        {
            string folder = fields[0].Split('/', '\\')[0];
            if (fields.Length != 1 || !byName.TryGetValue(folder, out var label))
                throw new DatasetManifestException(file.Path, file.Line, $"expected 'class/clip.avi' with a class in classInd.txt, got '{string.Join(" ", fields)}'.");
            samples.Add(Sample(videoRoot, fields[0], label, VideoDataset.TestSplit, file));
        }
        return new VideoDataset(samples, classes.Values);
    }

    private static Dictionary<int, string> ReadClassIndex(string path)
    {
        var classes = new Dictionary<int, string>();
        foreach (var (file, fields) in Lines(path))
        {
            if (fields.Length != 2 || !int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
                || !classes.TryAdd(index, fields[1]))
                throw new DatasetManifestException(file.Path, file.Line, $"expected a new 'index class' pair, got '{string.Join(" ", fields)}'.");
        }
        return classes;
    }

    private static VideoSample Sample(string videoRoot, string relative, string label, string split, (string Path, int Line) file)
    {
        string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(videoRoot, relative));
        if (!File.Exists(full))
            throw new DatasetManifestException(file.Path, file.Line, $"video '{relative}' does not exist under '{videoRoot}'.");
        return new VideoSample(full, label, FolderLayout.GroupFromName(full), split);
    }

    private static IEnumerable<((string Path, int Line) File, string[] Fields)> Lines(string path)
    {
        if (!File.Exists(path))
            throw new DatasetManifestException(path, 0, "the split file does not exist.");
        var lines = File.ReadAllLines(path);
        for (int n = 0; n < lines.Length; n++)
        {
            var fields = lines[n].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length > 0) yield return ((path, n + 1), fields);
        }
    }
}
