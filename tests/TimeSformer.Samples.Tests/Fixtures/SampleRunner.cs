using System.Diagnostics;

namespace TimeSformer.Samples.Tests.Fixtures;

/// <summary>Runs a built sample (<c>samples/&lt;Name&gt;</c>) as a separate process from the repository root, as
/// <c>dotnet run --project samples/&lt;Name&gt;</c> would.</summary>
internal static class SampleRunner
{
    /// <summary>The folder holding <c>TimeSformer.MLNet.sln</c>, above this test assembly.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Runs sample <paramref name="name"/>, built in the configuration and framework this test assembly was
    /// built in, with <paramref name="args"/>; fails the test when it does not finish in <paramref name="timeout"/>.</summary>
    public static SampleOutput Run(string name, TimeSpan timeout, params string[] args)
    {
        // This assembly is in tests/TimeSformer.Samples.Tests/bin/<Config>/<tfm>/; the sample is in samples/<Name>/bin/<Config>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string dll = Path.Combine(RepositoryRoot, "samples", name, "bin", output.Parent!.Name, output.Name, name + ".dll");
        Assert.IsTrue(File.Exists(dll), $"Sample {name} is not built: {dll}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(dll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        // Numbers are parsed from the output: print them the same way whatever the machine's locale.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Sample {name} did not finish in {timeout}.");
        }
        process.WaitForExit();
        var result = new SampleOutput(name, process.ExitCode, stdout.Result, stderr.Result, stopwatch.Elapsed);
        Console.WriteLine($"{name}: exit {result.ExitCode} in {result.Elapsed.TotalSeconds:F1} s");
        Assert.AreEqual(0, result.ExitCode, $"{name} failed.\nstdout:\n{result.StdOut}\nstderr:\n{result.StdErr}");
        return result;
    }

    /// <summary>A new empty folder under the system's temporary folder.</summary>
    public static string NewTempFolder(string prefix) => Directory.CreateTempSubdirectory($"tsf-samples-{prefix}-").FullName;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TimeSformer.MLNet.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No TimeSformer.MLNet.sln above {AppContext.BaseDirectory}.");
    }
}
