namespace TimeSformer.Cli.Hosting;

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the caller's thread (unlike
/// <see cref="Progress{T}"/>, which posts to the thread pool and can report after the work has ended).</summary>
internal sealed class Relay<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
