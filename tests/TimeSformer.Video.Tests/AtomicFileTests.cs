using TimeSformer.Contract;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void Write_WriterThrowsHalfway_PreviousFileIntactAndNoTempLeft()
    {
        string dir = Directory.CreateTempSubdirectory("atomic-").FullName;
        try
        {
            string path = Path.Combine(dir, "best.safetensors");
            AtomicFile.WriteText(path, "previous checkpoint");

            Assert.ThrowsExactly<IOException>(() => AtomicFile.Write(path, s =>
            {
                s.Write(new byte[4096]);
                throw new IOException("disk full");
            }));

            Assert.AreEqual("previous checkpoint", File.ReadAllText(path));
            CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Write_Completes_ReplacesContent()
    {
        string dir = Directory.CreateTempSubdirectory("atomic-").FullName;
        try
        {
            string path = Path.Combine(dir, "log.txt");
            AtomicFile.WriteText(path, "old");
            AtomicFile.WriteText(path, "new");
            Assert.AreEqual("new", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
