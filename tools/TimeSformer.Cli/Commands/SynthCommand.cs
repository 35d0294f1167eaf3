using System.CommandLine;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Cli.Jobs;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer synth --output &lt;dir&gt;</c>: writes the synthetic motion set (classes that differ only in
/// time) with its manifest.</summary>
internal static class SynthCommand
{

    private static readonly SyntheticMotionOptions Defaults = new();

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder to write root/<class>/*.avi (or .mp4) and manifest.csv into.", Required = true };
        var classes = new Option<int>("--classes")
        {
            Description = "Number of motion classes, taken in order from: move_left, move_right, move_up, move_down, grow, shrink, rotate_cw, rotate_ccw.",
            DefaultValueFactory = _ => Defaults.Classes.Count,
        }.Between(1, Defaults.Classes.Count);
        var clips = new Option<int>("--clips-per-class") { Description = "Clips per class.", DefaultValueFactory = _ => SynthesisJob.DefaultClipsPerClass }.Between(1, 100_000);
        var groups = new Option<int?>("--groups") { Description = $"Visual styles; whole groups go to the test split (default: {SynthesisJob.DefaultGroups}, at most the clips per class)." }.Between(1, 1000);
        var size = new Option<int>("--size") { Description = "Frame width and height in pixels.", DefaultValueFactory = _ => Defaults.Width }.Between(16, 4096);
        var minFrames = new Option<int>("--min-frames") { Description = "Fewest frames per clip.", DefaultValueFactory = _ => Defaults.MinFrames }.Between(2, 100_000);
        var maxFrames = new Option<int>("--max-frames") { Description = "Most frames per clip.", DefaultValueFactory = _ => Defaults.MaxFrames }.Between(2, 100_000);
        var testFraction = new Option<double>("--test-fraction") { Description = "Fraction of the groups in the test split.", DefaultValueFactory = _ => Defaults.TestFraction }.Between(0, 0.95);
        var width = new Option<int?>("--width") { Description = "Frame width in pixels (default: --size); with --height, frames may be non-square." }.Between(64, 320);
        var height = new Option<int?>("--height") { Description = "Frame height in pixels (default: --size)." }.Between(64, 320);
        var fps = new Option<double>("--fps") { Description = "Frame rate written to the container.", DefaultValueFactory = _ => Defaults.Fps }.Between(1, 120);
        var minObject = new Option<double>("--min-object-size") { Description = "Smallest object radius at the first frame, as a fraction of the shorter frame side.", DefaultValueFactory = _ => Defaults.MinObjectSize }.Between(0.08, 0.35);
        var maxObject = new Option<double>("--max-object-size") { Description = "Largest object radius at the first frame, as a fraction of the shorter frame side.", DefaultValueFactory = _ => Defaults.MaxObjectSize }.Between(0.08, 0.35);
        var minSpeed = new Option<double>("--min-speed") { Description = "Least motion over a clip: a drift of this fraction of the frame side, growth by 1 + this, or this fraction of a turn.", DefaultValueFactory = _ => Defaults.MinSpeed }.Between(0.05, 1.5);
        var maxSpeed = new Option<double>("--max-speed") { Description = "Most motion over a clip, in the units of --min-speed.", DefaultValueFactory = _ => Defaults.MaxSpeed }.Between(0.05, 1.5);
        var background = new Option<SyntheticBackground>("--background") { Description = "Styled (each group's texture), Flat, Gradient, Noise (random cells) or Clutter (drifting distractor discs).", DefaultValueFactory = _ => Defaults.Background };
        var noise = new Option<int>("--noise") { Description = "Amplitude of the per-frame pixel noise (0 = none).", DefaultValueFactory = _ => Defaults.Noise }.Between(0, 127);
        var container = EncodingOptions.Container(Defaults.Container);
        var ffmpeg = EncodingOptions.Ffmpeg(Defaults.FfmpegPath);
        var seed = new Option<int>("--seed") { Description = "Seed: the same options write identical frames.", DefaultValueFactory = _ => Defaults.Seed };
        var command = new Command("synth", "Generate the synthetic motion set: real encoded videos whose classes differ only in the direction "
            + "of motion, growth or rotation, with a manifest.csv whose split leaves whole groups out for testing.")
        { output, classes, clips, groups, size, width, height, minFrames, maxFrames, fps, minObject, maxObject, minSpeed, maxSpeed, background, noise, testFraction, container, ffmpeg, seed };
        command.SetAction(parse =>
        {
            int clipsPerClass = parse.GetValue(clips);
            var options = Defaults with
            {
                Classes = [.. Defaults.Classes.Take(parse.GetValue(classes))],
                ClipsPerClass = clipsPerClass,
                Groups = parse.GetValue(groups) ?? Math.Min(SynthesisJob.DefaultGroups, clipsPerClass),
                Width = parse.GetValue(width) ?? parse.GetValue(size),
                Height = parse.GetValue(height) ?? parse.GetValue(size),
                MinFrames = parse.GetValue(minFrames),
                MaxFrames = parse.GetValue(maxFrames),
                Fps = parse.GetValue(fps),
                MinObjectSize = parse.GetValue(minObject),
                MaxObjectSize = parse.GetValue(maxObject),
                MinSpeed = parse.GetValue(minSpeed),
                MaxSpeed = parse.GetValue(maxSpeed),
                Background = parse.GetValue(background),
                Noise = parse.GetValue(noise),
                FfmpegPath = parse.GetValue(ffmpeg)!,
                TestFraction = parse.GetValue(testFraction),
                Container = parse.GetValue(container),
                Seed = parse.GetValue(seed),
            };
            UsageException.Check(options.Validate);
            using var folder = OutputFolder.Claim(parse.GetValue(output)!.FullName);
            var set = SynthesisJob.Generate(folder.Path, options, Terminal.For(jsonOnStdout: false));
            Console.WriteLine($"Manifest: {set.ManifestPath}");
            return ExitCodes.Success;
        });
        return command;
    }
}
