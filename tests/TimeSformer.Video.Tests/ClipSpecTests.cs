using TimeSformer.Contract;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class ClipSpecTests
{
    private static Dictionary<string, string> Metadata(ClipSpec spec) => spec.ToMetadata().ToDictionary(e => e.Key, e => e.Value);

    [TestMethod]
    public void Metadata_RoundTripsTheFit()
    {
        var spec = new ClipSpec { Frames = 4, Size = 32, ShortSide = 40, Fit = FrameFit.Stretch };
        Assert.AreEqual("Stretch", Metadata(spec)["clip.fit"]);
        Assert.AreEqual(spec, ClipSpec.FromMetadata(Metadata(spec)));
        Assert.AreNotEqual(spec, spec with { Fit = FrameFit.Crop });
    }

    [TestMethod]
    public void FromMetadata_WithoutFit_IsCropLikeEveryEarlierModel()
    {
        var metadata = Metadata(new ClipSpec { Fit = FrameFit.Stretch });
        metadata.Remove("clip.fit");
        Assert.AreEqual(FrameFit.Crop, ClipSpec.FromMetadata(metadata).Fit);
    }

    [TestMethod]
    public void FromMetadata_UnknownFit_NamesTheEntry()
    {
        var metadata = Metadata(new ClipSpec());
        metadata["clip.fit"] = "Squash";
        var error = Assert.ThrowsExactly<FormatException>(() => ClipSpec.FromMetadata(metadata));
        Assert.AreEqual("Model metadata 'clip.fit' is unknown: 'Squash'.", error.Message);
    }
}
