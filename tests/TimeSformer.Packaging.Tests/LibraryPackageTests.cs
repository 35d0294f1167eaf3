using System.IO.Compression;
using System.Xml.Linq;
using TimeSformer.Packaging.Tests.Fixtures;

namespace TimeSformer.Packaging.Tests;

/// <summary>The libraries packed as a consumer gets them: metadata, readme, symbols, managed code only, and a fresh
/// console app that references <c>TimeSformer.MLNet</c> from a local feed and scores a sample video.</summary>
[TestClass]
public sealed class LibraryPackageTests
{
    private static readonly string[] Libraries = ["TimeSformer.Contract", "TimeSformer.Video", "TimeSformer.Torch", "TimeSformer.MLNet"];

    /// <summary>Native runtime packages the libraries must leave to the application.</summary>
    private static readonly string[] NativeRuntimes =
        ["libtorch-cpu-linux-x64", "OpenCvSharp4.official.runtime.linux-x64", "Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Gpu"];

    private static string work = "";
    private static string feed = "";

    /// <summary>A version no earlier run has put in the NuGet cache, so the consumer restores these very builds.</summary>
    private static readonly string Version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    [ClassInitialize]
    public static void Pack(TestContext _)
    {
        work = Directory.CreateTempSubdirectory("tsf-pack-").FullName;
        feed = Path.Combine(work, "feed");
        foreach (var library in Libraries)
            Repository.Dotnet(Repository.Root, TimeSpan.FromMinutes(3), "pack", $"src/{library}/{library}.csproj",
                "-c", Repository.Configuration, "--no-build", "-o", feed, $"-p:PackageVersion={Version}");
    }

    [ClassCleanup]
    public static void Clean()
    {
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var folder in Libraries.Select(l => Path.Combine(cache, l.ToLowerInvariant(), Version)).Append(work))
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static XElement Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!;
    }

    private static string? Field(XElement nuspec, string name) =>
        nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    [TestMethod]
    [DataRow("TimeSformer.Contract")]
    [DataRow("TimeSformer.Video")]
    [DataRow("TimeSformer.Torch")]
    [DataRow("TimeSformer.MLNet")]
    public void Pack_Library_HasMetadataReadmeAndSymbols(string library)
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed, $"{library}.{Version}.nupkg"));
        var nuspec = Nuspec(package);
        Assert.AreEqual(library, Field(nuspec, "id"));
        Assert.AreEqual(Version, Field(nuspec, "version"));
        Assert.IsTrue(Field(nuspec, "description")?.Length > 40, "a real description");
        Assert.AreEqual("MIT", Field(nuspec, "license"));
        var repository = nuspec.Descendants().Single(e => e.Name.LocalName == "repository");
        StringAssert.StartsWith(repository.Attribute("url")?.Value, "https://");
        Assert.AreEqual("README.md", Field(nuspec, "readme"));
        using (var readme = new StreamReader(package.GetEntry("README.md")!.Open()))
            StringAssert.StartsWith(readme.ReadToEnd(), $"# {library}");
        Assert.IsNotNull(package.GetEntry($"lib/net10.0/{library}.xml"), "XML docs for IntelliSense");
        using var symbols = ZipFile.OpenRead(Path.Combine(feed, $"{library}.{Version}.snupkg"));
        Assert.IsNotNull(symbols.GetEntry($"lib/net10.0/{library}.pdb"));
    }

    [TestMethod]
    [DataRow("TimeSformer.Contract")]
    [DataRow("TimeSformer.Video")]
    [DataRow("TimeSformer.Torch")]
    [DataRow("TimeSformer.MLNet")]
    public void Pack_Library_CarriesAndNeedsNoNativeRuntime(string library)
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed, $"{library}.{Version}.nupkg"));
        Assert.IsFalse(package.Entries.Any(e => e.FullName.StartsWith("runtimes/", StringComparison.Ordinal)), "no native files");
        var dependencies = Nuspec(package).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => e.Attribute("id")!.Value).ToList();
        CollectionAssert.AreEqual(Array.Empty<string>(), dependencies.Intersect(NativeRuntimes, StringComparer.OrdinalIgnoreCase).ToList());
        if (library == "TimeSformer.MLNet")
        {
            CollectionAssert.Contains(dependencies, "TimeSformer.Video");
            CollectionAssert.DoesNotContain(dependencies, "TimeSformer.Torch", "scoring must not pull in libtorch");
            CollectionAssert.DoesNotContain(dependencies, "TorchSharp");
        }
        if (library == "TimeSformer.Video")
            CollectionAssert.Contains(dependencies, "TimeSformer.Contract");
        if (library == "TimeSformer.Contract")
            CollectionAssert.AreEqual(new[] { "Google.Protobuf", "OnnxSharp" }, dependencies.Order().ToArray(), "the contract needs no video, ML or torch library");
        if (library == "TimeSformer.Torch")
            Assert.IsNotNull(package.GetEntry("buildTransitive/TimeSformer.Torch.targets"), "the Debian 12 libLibTorchSharp.so fix travels");
    }

    [TestMethod]
    public void FreshConsoleApp_MLNetFromLocalFeedAndCpuRuntimes_ScoresSampleVideo()
    {
        string app = ConsumerApp("ConsumerApp", ["Microsoft.ML.OnnxRuntime", "OpenCvSharp4.official.runtime.linux-x64"], """
            using Microsoft.ML;
            using TimeSformer.MLNet;

            var ml = new MLContext();
            var videos = ml.Data.LoadFromEnumerable(new[] { new VideoInput { VideoPath = args[1] } });
            var model = ml.Transforms.ScoreVideos(args[0]).Fit(videos);
            var prediction = ml.Model.CreatePredictionEngine<VideoInput, VideoPrediction>(model).Predict(new VideoInput { VideoPath = args[1] });
            Console.WriteLine($"{prediction.PredictedClass} {prediction.Score.Max():F4} {prediction.Score.Sum():F4}");
            """);

        string output = Repository.Dotnet(app, TimeSpan.FromMinutes(6), "run", "-c", "Release", "--",
            Path.Combine(Repository.Root, "onnx", "timesformer-synthetic.onnx"), Path.Combine(Repository.Root, "data", "samples", "move_left.avi"));

        string[] fields = output.Trim().Split('\n')[^1].Split(' ');
        Assert.AreEqual("move_left", fields[0], output);
        Assert.IsTrue(double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) > 0.5, output);
        Assert.AreEqual("1.0000", fields[2], "probabilities sum to 1");
        string bin = Path.Combine(app, "bin", "Release", "net10.0");
        Assert.IsFalse(Directory.EnumerateFiles(bin, "*torch*", SearchOption.AllDirectories).Any(), "no libtorch or TorchSharp in a scoring app");
    }

    [TestMethod]
    public void FreshConsoleApp_WithoutNativeRuntimes_NamesThePackagesToAdd()
    {
        string app = ConsumerApp("NoRuntimesApp", [], """
            using Microsoft.ML;
            using TimeSformer.MLNet;
            using TimeSformer.Video;

            var ml = new MLContext();
            var videos = ml.Data.LoadFromEnumerable(new[] { new VideoInput { VideoPath = args[1] } });
            try { ml.Transforms.ScoreVideos(args[0]).Fit(videos); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
            try { using var reader = new VideoReader(args[1]); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
            """);

        string output = Repository.Dotnet(app, TimeSpan.FromMinutes(6), "run", "-c", "Release", "--",
            Path.Combine(Repository.Root, "onnx", "timesformer-synthetic.onnx"), Path.Combine(Repository.Root, "data", "samples", "move_left.avi"));

        var lines = output.Trim().Split('\n')[^2..];
        Assert.AreEqual("ONNX Runtime's native library cannot be loaded: add the runtime package Microsoft.ML.OnnxRuntime (CPU) or "
            + "Microsoft.ML.OnnxRuntime.Gpu (CUDA) to the application.", lines[0].Trim(), output);
        Assert.AreEqual("OpenCV's native library (OpenCvSharpExtern) cannot be loaded: add the runtime package "
            + "OpenCvSharp4.official.runtime.linux-x64 (or your OS's) to the application; on Debian 12 it also needs libgtk-3-0.", lines[1].Trim(), output);
    }

    /// <summary>A console app in its own folder that restores <c>TimeSformer.MLNet</c> from the local feed, plus
    /// <paramref name="runtimes"/> at the repository's versions, and runs <paramref name="program"/>.</summary>
    private static string ConsumerApp(string name, string[] runtimes, string program)
    {
        string app = Path.Combine(work, name);
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        string references = string.Concat(runtimes.Select(id => $"\n    <PackageReference Include=\"{id}\" Version=\"{Repository.PackageVersion(id)}\" />"));
        File.WriteAllText(Path.Combine(app, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TimeSformer.MLNet" Version="{Version}" />{references}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), program);
        return app;
    }
}
