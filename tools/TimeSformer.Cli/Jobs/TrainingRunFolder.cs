using System.Text.Json;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Contract;
using TimeSformer.Torch.Training;

namespace TimeSformer.Cli.Jobs;

/// <summary>The rules that keep a training run's output folder whole: a folder holding a run is continued only with
/// <c>--resume</c> (and the options that shape the run unchanged, recorded in <see cref="SettingsFileName"/>), or
/// replaced only with <c>--force</c>, which first removes every file of the old run, so the folder never mixes two.</summary>
internal static class TrainingRunFolder
{
    /// <summary>The options a run was started with, written when it starts.</summary>
    public const string SettingsFileName = "run.json";

    /// <summary>The files a run leaves.</summary>
    public static readonly string[] RunFiles =
    [
        Trainer.BestCheckpointFileName, Trainer.LastCheckpointFileName, Trainer.StateFileName, Trainer.LogFileName,
        Trainer.CurvesFileName, TrainingJob.OnnxFileName, SettingsFileName,
    ];

    /// <summary>The run files present in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Existing(string folder) =>
        [.. RunFiles.Where(f => File.Exists(Path.Combine(folder, f)))];

    /// <summary>The run files in the subfolders of <paramref name="folder"/> (an ablation's variants), as relative paths.</summary>
    public static IReadOnlyList<string> ExistingBelow(string folder) => Directory.Exists(folder)
        ? [.. Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
            .SelectMany(d => Existing(d).Select(f => Path.Combine(Path.GetFileName(d), f)))]
        : [];

    /// <summary>Holds <paramref name="folder"/> for a run after refusing, before any work, a folder holding a run
    /// without <paramref name="force"/>, and a <paramref name="resume"/> with no run to resume or with
    /// <paramref name="settings"/> other than the run's. Checked again once held, as another command may have written.</summary>
    /// <exception cref="UsageException">What to do instead.</exception>
    public static OutputFolder Claim(string folder, bool resume, bool force, IReadOnlyDictionary<string, string> settings)
    {
        OutputFolder.RequireFolder(folder);
        Check(folder, resume, force, settings);
        var held = OutputFolder.Claim(folder);
        try
        {
            Check(folder, resume, force, settings);
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Called with the folder held and the inputs checked: removes an old run's files (not on resume) and
    /// records the settings.</summary>
    public static void Start(string folder, bool resume, IReadOnlyDictionary<string, string> settings)
    {
        if (resume) return;
        Remove(folder, RunFiles);
        AtomicFile.WriteText(Path.Combine(folder, SettingsFileName), JsonSerializer.Serialize(settings, JsonOptions.Indented));
    }

    /// <summary>Refuses <paramref name="existing"/> files of an earlier run in <paramref name="folder"/> unless
    /// <paramref name="force"/>.</summary>
    /// <exception cref="UsageException">There are such files and no <paramref name="force"/>.</exception>
    public static void RefuseExisting(string folder, IReadOnlyList<string> existing, bool force, string continueHint = "")
    {
        if (existing.Count > 0 && !force)
            throw new UsageException($"--output '{folder}' already holds a training run ({string.Join(", ", existing.Take(4))}"
                + (existing.Count > 4 ? $" and {existing.Count - 4} more" : "") + $"): pass {continueHint}--force to replace it, or choose another folder.");
    }

    /// <summary>Deletes <paramref name="files"/> (relative to <paramref name="folder"/>) where they exist.</summary>
    public static void Remove(string folder, IEnumerable<string> files)
    {
        foreach (string file in files)
            File.Delete(Path.Combine(folder, file));
    }

    private static void Check(string folder, bool resume, bool force, IReadOnlyDictionary<string, string> settings)
    {
        if (resume && force)
            throw new UsageException("--resume continues the run in --output and --force replaces it: give one of them.");
        if (!resume)
        {
            RefuseExisting(folder, Existing(folder), force, "--resume to continue it, ");
            return;
        }
        if (!File.Exists(Path.Combine(folder, Trainer.StateFileName)))
            throw new UsageException($"--resume: '{folder}' holds no run to continue ({Trainer.StateFileName} is missing); drop --resume to start one.");
        CheckUnchanged(folder, settings);
    }

    private static void CheckUnchanged(string folder, IReadOnlyDictionary<string, string> settings)
    {
        string path = Path.Combine(folder, SettingsFileName);
        if (!File.Exists(path))
            throw new UsageException($"--resume: '{folder}' has no {SettingsFileName} recording the run's options, so they cannot be checked; "
                + "start a new run with --force or in another folder.");
        Dictionary<string, string> recorded;
        try
        {
            recorded = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Run settings '{path}' are not valid JSON: {e.Message}");
        }
        // The time budget limits each call; the schedule it planned is in the training state, so it may change.
        var changed = settings.Keys.Union(recorded.Keys).Order(StringComparer.Ordinal)
            .Where(key => key != TrainingArguments.TimeBudgetName && settings.GetValueOrDefault(key) != recorded.GetValueOrDefault(key))
            .Select(key => $"{key} {settings.GetValueOrDefault(key) ?? "(none)"} (the run used {recorded.GetValueOrDefault(key) ?? "(none)"})")
            .ToList();
        if (changed.Count > 0)
            throw new UsageException($"--resume needs the options the run started with; changed: {string.Join(", ", changed)}.");
    }
}
