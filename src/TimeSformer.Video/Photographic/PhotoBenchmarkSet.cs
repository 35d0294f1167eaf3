namespace TimeSformer.Video.Photographic;

/// <summary>Which benchmark <see cref="PhotoBenchmark"/> makes from a folder of photographs.</summary>
public enum PhotoBenchmarkSet
{
    /// <summary>Classes that only time tells apart: one class per <see cref="CameraMotion"/>, every photograph in
    /// the folder (and its subfolders) filmed with every motion.</summary>
    Camera,

    /// <summary>Classes that need both what is seen and how it moves: <c>&lt;kind&gt;_&lt;motion&gt;</c>, where the
    /// kind is the name of the subfolder the photograph is in (<c>folder/&lt;kind&gt;/*.jpg</c>).</summary>
    SceneMotion,
}
