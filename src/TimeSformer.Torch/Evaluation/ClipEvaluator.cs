using System.Diagnostics;
using TimeSformer.Torch.Training;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Evaluation;

/// <summary>Runs a TorchSharp model over a set of clips in evaluation mode.</summary>
public static class ClipEvaluator
{
    /// <summary>Scores <paramref name="model"/> on the fixed evaluation clip of every sample of <paramref name="data"/>:
    /// loss, accuracy and predictions, for choosing a checkpoint during training and for comparing TorchSharp's scores
    /// with an exported model's. Test metrics are ML.NET's, computed on the exported model (<c>VideoEvaluator</c>).</summary>
    public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, IClipSource data, int batchSize = 32,
        int prefetchBatches = 2, int dataWorkers = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int classes = data.Labels.Count;
        var confusion = new int[classes][];
        for (int c = 0; c < classes; c++) confusion[c] = new int[classes];
        var predictions = new int[data.Count];
        double lossSum = 0;
        bool wasTraining = model.training;
        model.eval();
        var watch = Stopwatch.StartNew();
        double forwardSeconds = 0;
        var batches = Enumerable.Range(0, data.Count).Chunk(batchSize).ToList();
        try
        {
            using var prefetcher = new BatchPrefetcher(data, batches, i => data.Load(i, null), prefetchBatches, dataWorkers);
            using var noGrad = no_grad();
            foreach (var batch in prefetcher.Batches())
            {
                cancellationToken.ThrowIfCancellationRequested();
                long start = Stopwatch.GetTimestamp();
                using var noCollection = NoCollectionRegion.Enter();
                using var scope = NewDisposeScope();
                var (x, y) = batch.ToTensors(data.ClipShape);
                var logits = model.call(x);
                CheckClasses(logits, classes);
                lossSum += nn.functional.cross_entropy(logits, y).item<float>() * batch.Count;
                var predicted = logits.argmax(1).data<long>().ToArray();
                for (int i = 0; i < batch.Count; i++)
                {
                    predictions[batch.Indices[i]] = (int)predicted[i];
                    confusion[batch.Labels[i]][predicted[i]]++;
                }
                forwardSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        int correct = Enumerable.Range(0, classes).Sum(c => confusion[c][c]);
        var recalls = Enumerable.Range(0, classes).Where(c => confusion[c].Sum() > 0)
            .Select(c => (double)confusion[c][c] / confusion[c].Sum()).ToList();
        int n = Math.Max(1, data.Count);
        return new EvaluationResult
        {
            Loss = lossSum / n,
            Accuracy = (double)correct / n,
            MacroAccuracy = recalls.Count == 0 ? 0 : recalls.Average(),
            ConfusionMatrix = confusion,
            Predictions = predictions,
            ClipsPerSecond = data.Count / Math.Max(forwardSeconds, 1e-9),
        };
    }

    /// <summary>Throws when <paramref name="logits"/> is not [B, <paramref name="classes"/>]: a model built for another
    /// class count.</summary>
    internal static void CheckClasses(Tensor logits, int classes)
    {
        if (logits.dim() != 2 || logits.shape[1] != classes)
            throw new InvalidOperationException(
                $"The model outputs [{string.Join(", ", logits.shape)}] but the data has {classes} classes: build the model (or its head) for {classes} classes.");
    }
}
