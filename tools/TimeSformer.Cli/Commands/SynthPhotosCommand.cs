using System.CommandLine;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Video.Datasets;
using TimeSformer.Video.Photographic;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer synth-photos --images &lt;folder&gt; --set camera|scene-motion --output &lt;dir&gt;</c>:
/// films a folder of photographs with a virtual camera into a benchmark with a manifest whose split holds whole
/// photographs out for testing.</summary>
internal static class SynthPhotosCommand
{
    private const string CameraSet = "camera";
    private const string SceneMotionSet = "scene-motion";

    private static readonly PhotoBenchmarkOptions Defaults = new();

    public static Command Create()
    {
        var images = new Option<DirectoryInfo>("--images") { Description = "Folder of .jpg/.jpeg/.png photographs; for scene-motion, one subfolder per kind (<folder>/<kind>/*.jpg).", Required = true };
        var set = new Option<string>("--set") { Description = "camera: classes pan_left/right/up/down, zoom_in/out, roll_cw/ccw (named after the camera's motion); scene-motion: <kind>_<motion>.", DefaultValueFactory = _ => CameraSet };
        set.AcceptOnlyFromAmong(CameraSet, SceneMotionSet);
        var motions = new Option<string>("--motions") { Description = $"Comma-separated motions of the scene-motion set, from: {string.Join(", ", CameraMotionNames.All)}.", DefaultValueFactory = _ => string.Join(",", PhotoBenchmarkOptions.DefaultSceneMotions.Select(CameraMotionNames.Of)) };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder to write root/<class>/*.avi (or .mp4) and manifest.csv into.", Required = true };
        var clips = new Option<int>("--clips-per-class") { Description = "Clips per class, spread over the class's photographs (at least one each).", DefaultValueFactory = _ => Defaults.ClipsPerClass }.Between(1, 100_000);
        var width = new Option<int>("--width") { Description = "Frame width in pixels.", DefaultValueFactory = _ => Defaults.Width }.Between(16, 1920);
        var height = new Option<int>("--height") { Description = "Frame height in pixels.", DefaultValueFactory = _ => Defaults.Height }.Between(16, 1080);
        var minFrames = new Option<int>("--min-frames") { Description = "Fewest frames per clip.", DefaultValueFactory = _ => Defaults.MinFrames }.Between(2, 10_000);
        var maxFrames = new Option<int>("--max-frames") { Description = "Most frames per clip.", DefaultValueFactory = _ => Defaults.MaxFrames }.Between(2, 10_000);
        var fps = new Option<double>("--fps") { Description = "Frame rate written to the container.", DefaultValueFactory = _ => Defaults.Fps }.Between(1, 120);
        var minSpeed = new Option<double>("--min-speed") { Description = "Least motion over a clip: a pan of this fraction of the view, a zoom by 1 + this, or a roll of this fraction of 90 degrees.", DefaultValueFactory = _ => Defaults.MinSpeed }.Between(0.05, 1);
        var maxSpeed = new Option<double>("--max-speed") { Description = "Most motion over a clip, in the units of --min-speed.", DefaultValueFactory = _ => Defaults.MaxSpeed }.Between(0.05, 1);
        var testFraction = new Option<double>("--test-fraction") { Description = "Fraction of the photographs (of each kind) whose clips all go to the test split; at least one.", DefaultValueFactory = _ => Defaults.TestFraction }.Between(0.01, 0.95);
        var container = EncodingOptions.Container(Defaults.Container);
        var ffmpeg = EncodingOptions.Ffmpeg(Defaults.FfmpegPath);
        var seed = new Option<int>("--seed") { Description = "Seed: the same photographs and options write identical frames.", DefaultValueFactory = _ => Defaults.Seed };
        var force = ForceOption.Create("a benchmark (manifest.csv) already");
        var command = new Command("synth-photos", "Film a folder of photographs with a virtual camera (pan, zoom, roll) into real encoded videos, "
            + "with a manifest.csv whose split holds whole photographs out for testing.")
        { images, set, motions, output, clips, width, height, minFrames, maxFrames, fps, minSpeed, maxSpeed, testFraction, container, ffmpeg, seed, force };
        command.SetAction(parse =>
        {
            var options = Defaults with
            {
                Set = parse.GetValue(set) == SceneMotionSet ? PhotoBenchmarkSet.SceneMotion : PhotoBenchmarkSet.Camera,
                SceneMotions = ParseMotions(parse.GetValue(motions)!),
                ClipsPerClass = parse.GetValue(clips),
                Width = parse.GetValue(width),
                Height = parse.GetValue(height),
                MinFrames = parse.GetValue(minFrames),
                MaxFrames = parse.GetValue(maxFrames),
                Fps = parse.GetValue(fps),
                MinSpeed = parse.GetValue(minSpeed),
                MaxSpeed = parse.GetValue(maxSpeed),
                TestFraction = parse.GetValue(testFraction),
                Container = parse.GetValue(container),
                FfmpegPath = parse.GetValue(ffmpeg)!,
                Seed = parse.GetValue(seed),
            };
            UsageException.Check(options.Validate);
            string path = parse.GetValue(output)!.FullName;
            OutputFolder.RequireFolder(path);
            if (File.Exists(Path.Combine(path, SyntheticMotionDataset.ManifestFileName)) && !parse.GetValue(force))
                throw new UsageException($"--output '{path}' already holds a benchmark (manifest.csv); pass --force to replace it, or choose another folder.");
            using var folder = OutputFolder.Claim(path);
            var benchmark = PhotoBenchmark.Generate(parse.GetValue(images)!.FullName, folder.Path, options);
            var clipsWritten = benchmark.Clips;
            int test = clipsWritten.Count(c => c.Split == VideoDataset.TestSplit);
            int testSources = clipsWritten.Where(c => c.Split == VideoDataset.TestSplit).Select(c => c.Source).Distinct().Count();
            Terminal.For(jsonOnStdout: false).Line($"Wrote {clipsWritten.Count} clips ({clipsWritten.Select(c => c.Label).Distinct().Count()} classes x "
                + $"{options.ClipsPerClass}, {options.Width}x{options.Height} px, {benchmark.Sources.Count} photographs; "
                + $"{clipsWritten.Count - test} train, {test} test from {testSources} held-out photographs) to {benchmark.Root}");
            Console.WriteLine($"Manifest: {benchmark.ManifestPath}");
            return ExitCodes.Success;
        });
        return command;
    }

    // A usage error naming the unknown motion and the known ones.
    private static IReadOnlyList<CameraMotion> ParseMotions(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new UsageException("--motions must name at least one motion.");
        try
        {
            return [.. names.Select(CameraMotionNames.Parse).Distinct()];
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--motions: {e.Message.Split(" (Parameter")[0]}");
        }
    }
}
