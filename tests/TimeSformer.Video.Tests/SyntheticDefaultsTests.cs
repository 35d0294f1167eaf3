using System.Security.Cryptography;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Video.Tests;

/// <summary>The default options must keep drawing what they drew before the generalisation options came: the demo,
/// the shipped model and the documented results were made from these frames.</summary>
[TestClass]
public sealed class SyntheticDefaultsTests
{
    // SHA-256 of the rendered frames of the first clip of groups 1-8 (every default texture kind) and of one MJPG file,
    // recorded before the options for backgrounds, codecs and frame rates were added.
    private const string DefaultFramesHash = "F5984957C932850DE105D1298F3B43F3846E4534DF4B6700CB5084BC62242877";
    private const string DefaultFileHash = "D0A5C1C6029CD8F4D82271CE4A6AA2B291110EB0CB05351DBD934CBB59A881D4";

    [TestMethod]
    public void Plan_DefaultOptions_RenderTheSameFramesAsBefore()
    {
        var clips = SyntheticMotionDataset.Plan(new SyntheticMotionOptions()).Where(c => c.Index == 1 && c.Motion == MotionClass.RotateClockwise);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var clip in clips)
        {
            for (int i = 0; i < clip.FrameCount; i++)
            {
                using var frame = clip.RenderFrame(i);
                hash.AppendData(frame.AsSpan<byte>());
            }
        }
        Assert.AreEqual(DefaultFramesHash, Convert.ToHexString(hash.GetHashAndReset()));
    }

    [TestMethod]
    public void Generate_DefaultOptions_WriteTheSameFileAsBefore()
    {
        var options = new SyntheticMotionOptions { Classes = [MotionClass.Grow], ClipsPerClass = 8 };
        var set = SyntheticMotionDataset.Generate(Path.Combine(TestVideos.Folder, "synth-defaults"), options);
        Assert.AreEqual(DefaultFileHash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(set.PathOf(set.Clips[3])))));
    }
}
