using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;

namespace TimeSformer.Cli.Bench;

/// <summary>
/// ML.NET's <c>ApplyOnnxModel</c> on pre-decoded clips held in an in-memory data view: each row carries one batch
/// (batch x T x 3 x S x S floats, as <c>ScoreVideos</c> passes multi-view rows), and the time of a row is that of
/// the cursor moving to it and reading its probabilities, i.e. ML.NET's copies and bookkeeping plus the ONNX run.
/// </summary>
public static class MlNetOnnxRunner
{
    /// <summary>Times <paramref name="warmup"/> + <paramref name="repeats"/> rows of <paramref name="clips"/>
    /// (the warm-up rows untimed, or the only one when it took longer than <paramref name="longRunSeconds"/>).</summary>
    public static Measurement Time(string modelPath, float[] clips, int batch, int frames, int size, int classes,
        int threads, int repeats, int warmup = 1, double longRunSeconds = double.PositiveInfinity)
    {
        var ml = new MLContext(seed: 0);
        var schema = SchemaDefinition.Create(typeof(ClipRow));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, clips.Length);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, warmup + repeats).Select(_ => new ClipRow { Pixels = clips }), schema);
        var model = ml.Transforms.ApplyOnnxModel(new OnnxOptions
        {
            ModelFile = modelPath,
            InputColumns = [ClipRow.InputName],
            OutputColumns = ["probabilities"],
            ShapeDictionary = new Dictionary<string, int[]>
            {
                [ClipRow.InputName] = [batch, frames, 3, size, size],
                ["probabilities"] = [batch, classes],
            },
            IntraOpNumThreads = threads,
        }).Fit(data);
        using var onnx = model as IDisposable;
        var scored = model.Transform(data);
        var column = scored.Schema["probabilities"];
        using var cursor = scored.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var probabilities = default(VBuffer<float>);
        var seconds = new List<double>();
        for (int row = 0; row < warmup + repeats; row++)
        {
            long start = Stopwatch.GetTimestamp();
            if (!cursor.MoveNext()) break;
            getter(ref probabilities);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (row >= warmup) seconds.Add(elapsed);
            else if (elapsed > longRunSeconds) return new Measurement([elapsed]);
        }
        return new Measurement(seconds);
    }

    private sealed class ClipRow
    {
        public const string InputName = "pixel_values";

        [ColumnName(InputName)]
        public float[] Pixels { get; set; } = [];
    }
}
