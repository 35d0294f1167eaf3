namespace TimeSformer.Cli.Hosting;

/// <summary>Process exit codes of the <c>timesformer</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed (bad input file, decode error, ...); the reason is printed as one line.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong (unknown verb or option, missing argument).</summary>
    public const int Usage = 2;
}
