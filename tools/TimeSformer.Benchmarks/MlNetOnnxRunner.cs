using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using TimeSformer.Contract;
using TimeSformer.MLNet;

namespace TimeSformer.Benchmarks;

/// <summary>
/// ML.NET's <c>ApplyOnnxModel</c> on pre-decoded clips held in an in-memory data view of one row that carries one
/// batch (batch x T x 3 x S x S floats, as <c>ScoreVideos</c> passes multi-view rows). A timed run opens a cursor,
/// moves to the row and reads its probabilities: ML.NET's copies and bookkeeping plus the ONNX run. (ML.NET's
/// ONNX transform scores rows ahead of the cursor, so rows of one cursor cannot be timed one by one.)
/// </summary>
public static class MlNetOnnxRunner
{
    /// <summary>Times <paramref name="warmup"/> + <paramref name="repeats"/> passes over the row (the warm-up passes
    /// untimed, or the only one when it took longer than <paramref name="longRunSeconds"/>).</summary>
    public static Measurement Time(string modelPath, float[] clips, int batch, int frames, int size, int classes,
        int threads, OrtTuning tuning, int repeats, int warmup = 1, double longRunSeconds = double.PositiveInfinity)
    {
        var ml = new MLContext(seed: 0);
        if (tuning == OrtTuning.Tuned) ml.UseTunedOnnxSessions(threads);
        var schema = SchemaDefinition.Create(typeof(ClipRow));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, clips.Length);
        var data = ml.Data.LoadFromEnumerable([new ClipRow { Pixels = clips }], schema);
        var model = ml.Transforms.ApplyOnnxModel(new OnnxOptions
        {
            ModelFile = modelPath,
            InputColumns = [ClipRow.InputName],
            OutputColumns = [OnnxSignature.ProbabilitiesName],
            ShapeDictionary = new Dictionary<string, int[]>
            {
                [ClipRow.InputName] = [batch, frames, 3, size, size],
                [OnnxSignature.ProbabilitiesName] = [batch, classes],
            },
            IntraOpNumThreads = threads,
        }).Fit(data);
        using var onnx = model as IDisposable;
        var scored = model.Transform(data);
        var column = scored.Schema[OnnxSignature.ProbabilitiesName];
        var probabilities = default(VBuffer<float>);
        return Measurement.Time(() =>
        {
            using var cursor = scored.GetRowCursor([column]);
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            if (!cursor.MoveNext()) throw new InvalidOperationException("The clip data view is empty.");
            getter(ref probabilities);
        }, repeats, warmup, longRunSeconds);
    }

    private sealed class ClipRow
    {
        public const string InputName = OnnxSignature.InputName;

        [ColumnName(InputName)]
        public float[] Pixels { get; set; } = [];
    }
}
