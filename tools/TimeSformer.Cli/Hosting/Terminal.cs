using Spectre.Console;

namespace TimeSformer.Cli.Hosting;

/// <summary>Where a command's human-readable lines and progress go. Results go to stdout; with <c>--json</c> stdout
/// carries only the JSON and everything else goes to stderr. Progress bars (and colour) only when that stream is a
/// terminal; when it is redirected, progress is a few plain lines.</summary>
internal sealed class Terminal
{
    private readonly IAnsiConsole console;

    private Terminal(TextWriter writer, bool redirected)
    {
        Writer = writer;
        Interactive = !redirected;
        console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
    }

    /// <summary>The stream human-readable lines go to.</summary>
    public TextWriter Writer { get; }

    /// <summary>True when progress bars are drawn (the stream is a terminal).</summary>
    public bool Interactive { get; }

    /// <summary>A terminal on stdout, or on stderr when stdout is reserved for JSON.</summary>
    public static Terminal For(bool jsonOnStdout) => jsonOnStdout
        ? new Terminal(Console.Error, Console.IsErrorRedirected)
        : new Terminal(Console.Out, Console.IsOutputRedirected);

    /// <summary>Writes one plain line.</summary>
    public void Line(string text = "") => Writer.WriteLine(text);

    /// <summary>Runs <paramref name="work"/> with a progress bar (interactive) or with plain notes only (redirected).</summary>
    public T Progress<T>(string title, Func<IProgressBar, T> work)
    {
        if (!Interactive)
            return work(new PlainBar(Writer));
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => result = work(new SpectreBar(context.AddTask(Markup.Escape(title)), console)));
        return result;
    }

    private sealed class SpectreBar(ProgressTask task, IAnsiConsole console) : IProgressBar
    {
        public void Update(double value, double total, string description)
        {
            task.MaxValue = Math.Max(total, 1e-9);
            task.Value = Math.Min(value, task.MaxValue);
            task.Description = Markup.Escape(description);
        }

        public void Note(string line) => console.WriteLine(line);
    }

    private sealed class PlainBar(TextWriter writer) : IProgressBar
    {
        public void Update(double value, double total, string description)
        {
        }

        public void Note(string line) => writer.WriteLine(line);
    }
}
