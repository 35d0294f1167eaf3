using System.CommandLine;
using TimeSformer.Video.Datasets;

namespace TimeSformer.Cli.Arguments;

/// <summary>The array-job options of <c>evaluate</c> and <c>predict</c>: <c>--shard I/N|auto</c> and <c>--shard-count</c>.</summary>
internal sealed class ShardArguments
{
    private const string Auto = "auto";

    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = "Score only shard I of N (0-based, e.g. 3/4) into <output>/parts/, skipping what its part file already holds; "
            + "'auto' takes I (and N) from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX. Merge the parts with 'timesformer merge'.",
    };

    public Option<int?> ShardCount { get; } = new Option<int?>("--shard-count")
    {
        Description = "N for --shard auto: required for a Kubernetes Indexed Job (its completions); with Slurm it overrides "
            + "SLURM_ARRAY_TASK_COUNT, which is 1 when a single task is re-submitted.",
    }.AtLeast(1);

    public ShardArguments()
    {
        Shard.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string?>();
            if (value is null || value == Auto) return;
            try
            {
                VideoShard.Parse(value);
            }
            catch (FormatException e)
            {
                result.AddError($"{Shard.Name}: {e.Message}");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Shard);
        command.Options.Add(ShardCount);
    }

    /// <summary>The shard asked for, or null to score everything in one process.</summary>
    public VideoShard? Read(ParseResult parse) => parse.GetValue(Shard) switch
    {
        null => null,
        Auto => VideoShard.FromEnvironment(Environment.GetEnvironmentVariable, parse.GetValue(ShardCount)),
        var text => VideoShard.Parse(text),
    };
}
