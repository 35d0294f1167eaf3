using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace TimeSformer.MLNet.Mapping;

/// <summary>
/// The custom mapping that finds the most probable class of a <c>Score</c> vector (-1 when the score holds NaN,
/// i.e. the video was skipped). Public only so that ML.NET can rebuild it when a saved model is loaded.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ArgMaxMappingFactory : CustomMappingFactory<ArgMaxMappingFactory.Input, ArgMaxMappingFactory.Output>
{
    /// <summary>The contract name recorded in saved models.</summary>
    public const string ContractName = "TimeSformer.MLNet.ArgMaxScore";

    internal const string IndexColumn = "__tsf_predicted_index";

    /// <summary>Columns read.</summary>
    public sealed class Input
    {
        /// <summary>Class probabilities.</summary>
        [ColumnName(VideoScoringEstimator.ScoreColumnName)]
        public float[] Score { get; set; } = [];
    }

    /// <summary>Columns written.</summary>
    public sealed class Output
    {
        /// <summary>0-based index of the largest score, or -1.</summary>
        [ColumnName(IndexColumn)]
        public int Index { get; set; }
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => (input, output) => output.Index = ArgMax(input.Score);

    internal static int ArgMax(IReadOnlyList<float> scores)
    {
        int best = -1;
        for (int i = 0; i < scores.Count; i++)
        {
            if (float.IsNaN(scores[i])) return -1;
            if (best < 0 || scores[i] > scores[best]) best = i;
        }
        return best;
    }
}
