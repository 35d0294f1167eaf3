namespace TimeSformer.Benchmarks.Tests;

[TestClass]
public sealed class BenchReportTests
{
    private static readonly MachineInfo Machine = new("Test CPU", 2, 4, 8, "Linux", ".NET 10", "1.31.0", "4.13.0", null, "0.5 0.4 0.3");

    [TestMethod]
    public void ToMarkdown_NumericAndTextColumns_RightAlignsNumbersOnly()
    {
        var table = new BenchTable("Decoding", "Codec", "Clips/s", "vs decode-all");
        table.AddRow("H.264", "3.07", "1.00x");
        table.AddRow("MJPEG", "1,234", "—");
        table.AddNote("Medians of 3 runs.");

        string[] lines = table.ToMarkdown().Split('\n');

        Assert.AreEqual("### Decoding", lines[0]);
        Assert.AreEqual("| Codec | Clips/s | vs decode-all |", lines[2]);
        Assert.AreEqual("| --- | ---: | ---: |", lines[3]);
        Assert.AreEqual("| MJPEG | 1,234 | — |", lines[5]);
        Assert.AreEqual("- Medians of 3 runs.", lines[7]);
    }

    [TestMethod]
    public void ToMarkdown_CellWithPipe_EscapesIt()
    {
        var table = new BenchTable("T", "A");
        table.AddRow("a|b");
        StringAssert.Contains(table.ToMarkdown(), "| a\\|b |");
    }

    [TestMethod]
    public void AddRow_WrongCellCount_ThrowsNamingTheTable()
    {
        var table = new BenchTable("Scaling", "Frames", "ms");
        var e = Assert.ThrowsExactly<ArgumentException>(() => table.AddRow("8"));
        StringAssert.Contains(e.Message, "Table 'Scaling' has 2 columns; the row has 1 cells.");
    }

    [TestMethod]
    public void Write_Report_WritesMachineAndSectionTables()
    {
        var report = new BenchReport(Machine, quick: true, threads: 2) { Elapsed = TimeSpan.FromSeconds(90), LoadAverageAtEnd = "0.1 0.2 0.3" };
        var table = new BenchTable("Inference", "Engine", "ms/clip");
        table.AddRow("ORT", "12.5");
        report.Add(table);
        string path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}", BenchOptions.ReportFileName);
        try
        {
            report.Write(path);
            string text = File.ReadAllText(path);
            StringAssert.StartsWith(text, "## Benchmark (quick mode)");
            StringAssert.Contains(text, "in 1.5 min with 2 threads");
            StringAssert.Contains(text, "| CPU | Test CPU |");
            StringAssert.Contains(text, "| ffmpeg | not installed |");
            StringAssert.Contains(text, "| ORT | 12.5 |");
            Assert.IsFalse(File.Exists(path + ".tmp"));
            CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(Path.GetDirectoryName(path)!), "no temporary file left");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
