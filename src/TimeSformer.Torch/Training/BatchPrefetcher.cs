using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace TimeSformer.Torch.Training;

/// <summary>
/// Decodes batches on a background task into a bounded queue while the caller trains on the previous ones, so the
/// cores are not idle during decoding. Batches come out in order, whatever the number of decoding workers.
/// </summary>
public sealed class BatchPrefetcher : IDisposable
{
    private readonly BlockingCollection<ClipBatch> queue;
    private readonly CancellationTokenSource stop = new();
    private readonly Task worker;

    /// <summary>Starts decoding <paramref name="batches"/> (sample indices) from <paramref name="source"/>.</summary>
    /// <param name="source">The clips (their shape and labels).</param>
    /// <param name="batches">Sample indices of each batch, in order.</param>
    /// <param name="load">Loads the clip of a sample index from <paramref name="source"/> (an evaluation clip or a
    /// training draw).</param>
    /// <param name="capacity">Batches kept ready ahead of the consumer.</param>
    /// <param name="workers">Clips of one batch decoded in parallel.</param>
    public BatchPrefetcher(IClipSource source, IReadOnlyList<int[]> batches, Func<int, float[]> load, int capacity, int workers)
    {
        queue = new BlockingCollection<ClipBatch>(capacity);
        long clipValues = source.ClipShape.Aggregate(1L, (a, b) => a * b);
        var token = stop.Token;
        worker = Task.Run(() =>
        {
            try
            {
                foreach (var indices in batches)
                {
                    var clips = new float[indices.Length * clipValues];
                    var labels = new long[indices.Length];
                    Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = token }, i =>
                    {
                        var clip = load(indices[i]);
                        if (clip.Length != clipValues)
                            throw new InvalidDataException($"Sample {indices[i]} gave {clip.Length} values; the source's clip shape needs {clipValues}.");
                        Array.Copy(clip, 0, clips, i * clipValues, clipValues);
                        labels[i] = source.LabelOf(indices[i]);
                    });
                    queue.Add(new ClipBatch(clips, labels, indices), token);
                }
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                // Parallel.For wraps a decoding failure; rethrow the original (e.g. VideoDecodeException).
                ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, token);
    }

    /// <summary>The batches in order; rethrows a decoding failure when it is reached.</summary>
    public IEnumerable<ClipBatch> Batches()
    {
        foreach (var batch in queue.GetConsumingEnumerable())
            yield return batch;
        // Surfaces the worker's exception (e.g. VideoDecodeException) instead of ending silently.
        worker.GetAwaiter().GetResult();
    }

    /// <summary>Stops the worker and frees the queue.</summary>
    public void Dispose()
    {
        stop.Cancel();
        try
        {
            worker.Wait();
        }
        catch (AggregateException)
        {
            // Cancelled or failed: the consumer has already stopped reading.
        }
        queue.Dispose();
        stop.Dispose();
    }
}
