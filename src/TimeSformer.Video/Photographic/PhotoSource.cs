namespace TimeSformer.Video.Photographic;

/// <summary>One photograph a benchmark films: its file, its kind (subfolder name; empty in the camera set), its group
/// (the path relative to the folder, which the split keeps on one side) and its size in pixels.</summary>
public sealed record PhotoSource(string Path, string Kind, string Group, int Width, int Height);
