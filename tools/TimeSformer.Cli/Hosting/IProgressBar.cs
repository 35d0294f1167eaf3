namespace TimeSformer.Cli.Hosting;

/// <summary>A progress display: a bar when interactive, nothing but the notes when output is redirected.</summary>
internal interface IProgressBar
{
    /// <summary>Moves the bar to <paramref name="value"/> of <paramref name="total"/> with a status text.</summary>
    void Update(double value, double total, string description);

    /// <summary>Prints a line that stays (e.g. an epoch summary), in both modes.</summary>
    void Note(string line);
}
