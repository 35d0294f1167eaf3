namespace TimeSformer.MLNet.Tests.Fixtures;

public sealed class VideoRow
{
    public string VideoPath { get; set; } = "";

    public string Label { get; set; } = "";
}
