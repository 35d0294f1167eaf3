using OpenCvSharp;

namespace TimeSformer.Cli.Tests.Fixtures;

/// <summary>Bad inputs a user could give, made fresh under <see cref="CliFixture.Root"/>, and the placeholders of the
/// bad-input matrix (<c>{data}</c>, <c>{run}</c>, ...) that name them.</summary>
internal sealed class BadInputs
{
    private readonly Dictionary<string, Func<string>> makers;
    private readonly Dictionary<string, string> made = [];

    public BadInputs()
    {
        Folder = CliFixture.NewFolder("bad");
        makers = new()
        {
            ["{data}"] = () => CliFixture.DataFolder,
            ["{model}"] = () => CliFixture.Model,
            ["{video}"] = () => FixtureVideo(0),
            ["{run}"] = () => FinishedRun(),
            ["{ckpt}"] = () => Path.Combine(Get("{run}"), "best.safetensors"),
            ["{onnx}"] = () => Path.Combine(Get("{run}"), "model.onnx"),
            ["{demo}"] = () => Path.GetDirectoryName(FinishedRun(Path.Combine("demo", "train")))!,
            ["{ablation}"] = () => Write("ablation.md", "| Variant |"u8.ToArray()) is var table ? Path.GetDirectoryName(table)! : "",
            ["{new}"] = () => Path.Combine(Folder, "new-output"),
            ["{novideos}"] = () => Directory.CreateDirectory(Path.Combine(Folder, "no-videos")).FullName,
            ["{file}"] = () => Write("notes.txt", "a plain file"u8.ToArray()),
            ["{empty}"] = () => Write("empty.mp4", []),
            ["{text}"] = () => Write("notes.mp4", "this is a text file, not a video\n"u8.ToArray()),
            ["{binarycsv}"] = () => Write("video.csv", File.ReadAllBytes(FixtureVideo(0))),
            // What torch.save wrote before PyTorch 1.6: a pickle stream (protocol 2 opens with 0x80 0x02), no zip archive.
            ["{legacypth}"] = () => Write("legacy.pth", [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8]),
            ["{semicolonscsv}"] = () => Write("semicolons.csv", System.Text.Encoding.UTF8.GetBytes($"{FixtureVideo(0)};move_left\n")),
            ["{foreignlabelcsv}"] = () => Write("foreign.csv", System.Text.Encoding.UTF8.GetBytes($"{FixtureVideo(0)},no_such_class\n")),
        };
    }

    /// <summary>The folder the inputs are made in.</summary>
    public string Folder { get; }

    /// <summary><paramref name="args"/> with every placeholder replaced by the input it names.</summary>
    public string[] Expand(IEnumerable<string> args) =>
        [.. args.Select(a => makers.Keys.Aggregate(a, (text, key) => text.Contains(key, StringComparison.Ordinal) ? text.Replace(key, Get(key)) : text))];

    /// <summary>The input a placeholder names, made on first use.</summary>
    public string Get(string placeholder)
    {
        if (!made.TryGetValue(placeholder, out var value))
            made[placeholder] = value = makers[placeholder]();
        return value;
    }

    /// <summary>Whether a placeholder was used.</summary>
    public bool Used(string placeholder) => made.ContainsKey(placeholder);

    /// <summary>The fixture's <paramref name="index"/>-th video (ordinal order).</summary>
    public static string FixtureVideo(int index) =>
        Directory.GetFiles(CliFixture.DataFolder, "*.avi", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ElementAt(index);

    /// <summary>A copy of the fixture's finished training run in <paramref name="name"/> under <see cref="Folder"/>.</summary>
    public string FinishedRun(string name = "run")
    {
        string run = Path.Combine(Folder, name);
        Directory.CreateDirectory(run);
        foreach (string file in Directory.GetFiles(CliFixture.TrainFolder))
            File.Copy(file, Path.Combine(run, Path.GetFileName(file)));
        return run;
    }

    /// <summary>The fixture video cut to <paramref name="fraction"/> of its bytes: its header still reports every frame.</summary>
    public string CutVideo(double fraction)
    {
        var bytes = File.ReadAllBytes(FixtureVideo(0));
        return Write($"cut{fraction}.avi", bytes[..(int)(bytes.Length * fraction)]);
    }

    /// <summary>A 10-frame MJPG video of <paramref name="side"/> x <paramref name="side"/> px.</summary>
    public string TinyVideo(int side)
    {
        string path = Path.Combine(Folder, $"tiny{side}.avi");
        using var writer = new VideoWriter(path, FourCC.MJPG, 25, new OpenCvSharp.Size(side, side), isColor: true);
        for (int i = 0; i < 10; i++)
        {
            using var frame = new Mat(side, side, MatType.CV_8UC3, Scalar.All(i * 20));
            writer.Write(frame);
        }
        return path;
    }

    /// <summary>Every file under <paramref name="folder"/> but the lock with its bytes, to show that nothing changed.</summary>
    public static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder).Where(f => Path.GetFileName(f) != ".timesformer.lock").ToDictionary(f => f, File.ReadAllBytes);

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
