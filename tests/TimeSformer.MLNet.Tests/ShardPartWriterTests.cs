using TimeSformer.MLNet.Evaluation.Sharding;
using TimeSformer.MLNet.Tests.Fixtures;

namespace TimeSformer.MLNet.Tests;

[TestClass]
public sealed class ShardPartWriterTests
{
    private static readonly ShardPartHeader Header = ShardParts.Header(0, 1, 5);

    [TestMethod]
    public void Open_JournalCutMidLine_ResumesFromWholeRowsOnly()
    {
        string folder = TestData.TempPath("resume");
        using (var first = ShardPartWriter.Open(folder, Header))
        {
            first.Append(ShardParts.Row(0));
            first.Append(ShardParts.Row(1));
        }
        string journal = Path.Combine(folder, Header.FileName + ShardPartFile.JournalSuffix);
        string third = ShardPartFile.RowLine(ShardParts.Row(2));
        File.AppendAllText(journal, third[..(third.Length / 2)]);

        using (var second = ShardPartWriter.Open(folder, Header))
        {
            Assert.AreEqual(2, second.Resumed);
            Assert.IsTrue(second.Contains(1));
            Assert.IsFalse(second.Contains(2), "the cut-off row is dropped");
            foreach (int i in new[] { 2, 3, 4 }) second.Append(ShardParts.Row(i));
            second.Complete(0);
        }

        var (_, rows, _) = ShardPartFile.Read(Path.Combine(folder, Header.FileName));
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4 }, rows.Select(r => r.Index).ToArray());
        Assert.IsFalse(File.Exists(journal), "the journal is removed once the part is complete");
    }

    [TestMethod]
    public void Open_CompletePart_IsCompleteAndRefusesRows()
    {
        string folder = TestData.TempPath("complete");
        ShardParts.WriteShard(folder, 0, 1, 5);
        byte[] before = File.ReadAllBytes(Path.Combine(folder, Header.FileName));

        using var writer = ShardPartWriter.Open(folder, Header);

        Assert.IsTrue(writer.IsComplete);
        Assert.AreEqual(5, writer.Resumed);
        Assert.ThrowsExactly<InvalidOperationException>(() => writer.Append(ShardParts.Row(0)));
        writer.Complete(9);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(Path.Combine(folder, Header.FileName)), "a complete part is never rewritten");
    }

    [TestMethod]
    public void Append_RowTwice_Throws()
    {
        using var writer = ShardPartWriter.Open(TestData.TempPath("twice"), Header);
        writer.Append(ShardParts.Row(3));

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => writer.Append(ShardParts.Row(3)));
        StringAssert.Contains(e.Message, "clip3.avi");
    }

    [TestMethod]
    public void Open_ShardAlreadyOpen_FailsInsteadOfWritingTwice()
    {
        string folder = TestData.TempPath("locked");
        using var first = ShardPartWriter.Open(folder, Header);

        var e = Assert.ThrowsExactly<IOException>(() => ShardPartWriter.Open(folder, Header));
        StringAssert.Contains(e.Message, "being scored by another process");
    }

    [TestMethod]
    public void Open_JournalOfAnotherModel_RefusesNamingIt()
    {
        string folder = TestData.TempPath("other");
        using (ShardPartWriter.Open(folder, Header))
        {
        }

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ShardPartWriter.Open(folder, Header with { ModelSha256 = "ff00" }));
        StringAssert.Contains(e.Message, Header.FileName + ShardPartFile.JournalSuffix);
        StringAssert.Contains(e.Message, "sha256 aa11");
    }
}
