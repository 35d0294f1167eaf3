using System.Text.Json;
using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

/// <summary>scripts/slurm-evaluate.sh on this machine: a real Slurm array job, one task killed with SIGKILL mid-way and
/// re-submitted, merged by a dependent job. Needs root and apt (as CI has); without them it fails, saying why.</summary>
[TestClass]
public sealed class SlurmEvaluateScriptTests
{
    [TestMethod]
    public void SlurmArrayJob_TaskKilledAndResubmitted_MergeEqualsOneProcessExactlyOnce()
    {
        string work = CliFixture.NewFolder("slurm");
        // SIGTERM first, so that the script's trap stops the daemons it started; SIGKILL only if that hangs.
        var run = CliRunner.Exec("timeout", ["--signal=TERM", "--kill-after=30", "240", "bash", Path.Combine(RepositoryRoot(), "scripts", "slurm-evaluate.sh"),
            "--workdir", work, "--keep", "--clips-per-class", "8", "--groups", "8", "--shards", "4"], TimeSpan.FromMinutes(5),
            new Dictionary<string, string> { ["TIMESFORMER"] = CliRunner.Dll });

        CliAssert.Succeeded(run);
        // The script's own checks passed; these repeat them from the files, so the test does not trust its summary.
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(work, "single", "predictions.csv")),
            File.ReadAllBytes(Path.Combine(work, "sharded", "predictions.csv")), "merged predictions.csv, byte for byte");
        Assert.AreEqual(ShardedEvaluateTests.Metrics(File.ReadAllText(Path.Combine(work, "single.json"))),
            ShardedEvaluateTests.Metrics(File.ReadAllText(Path.Combine(work, "logs", "merge.json"))));
        var parts = Directory.GetFiles(Path.Combine(work, "sharded", "parts"));
        Assert.AreEqual(4, parts.Length, string.Join(", ", parts));
        var indices = parts.SelectMany(p => File.ReadLines(p).Skip(1).SkipLast(1)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("index").GetInt32())).Order().ToList();
        CollectionAssert.AreEqual(Enumerable.Range(0, 16).ToList(), indices, "every test video in exactly one row");
        string retry = File.ReadAllText(Path.Combine(work, "logs", "retry-2.out"));
        StringAssert.Matches(retry, new System.Text.RegularExpressions.Regex(@"Shard 2/4: \d+ of 16 videos; [2-9]\d* already recorded, \d+ scored now"));
        StringAssert.Contains(File.ReadAllText(Path.Combine(work, "logs", "merge-1.err")), "missing 1 of 4 shards: shard-0002-of-0004.jsonl");
        foreach (string pidFile in new[] { "slurm/slurmctld.pid", "slurm/slurmd.pid", "munge/munged.pid" })
            Assert.IsFalse(IsRunning(Path.Combine(work, pidFile)), $"{pidFile}: the daemon is still running");
    }

    private static bool IsRunning(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) && Directory.Exists($"/proc/{pid}");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TimeSformer.MLNet.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No TimeSformer.MLNet.sln above {AppContext.BaseDirectory}.");
    }
}
