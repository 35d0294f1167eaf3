using System.Diagnostics;
using System.Xml.Linq;

namespace TimeSformer.Packaging.Tests.Fixtures;

/// <summary>The repository these tests were built from, and processes run in it.</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>TimeSformer.MLNet.sln</c>, found above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this test assembly (the folder above <c>net10.0</c>).</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The centrally managed version of a package (<c>Directory.Packages.props</c>).</summary>
    public static string PackageVersion(string id) =>
        XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == id).Attribute("Version")!.Value;

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> in <paramref name="directory"/>; fails the test with
    /// its output unless it exits 0 within <paramref name="timeout"/>. Returns standard output.</summary>
    public static string Dotnet(string directory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', args)} did not finish in {timeout}.");
        }
        Assert.AreEqual(0, process.ExitCode, $"dotnet {string.Join(' ', args)} failed:\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TimeSformer.MLNet.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No TimeSformer.MLNet.sln above {AppContext.BaseDirectory}.");
    }
}
