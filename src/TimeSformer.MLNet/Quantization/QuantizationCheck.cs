using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TimeSformer.Contract;

namespace TimeSformer.MLNet.Quantization;

/// <summary>Scores the same clips with an fp32 model and its quantized form in ONNX Runtime and says how closely they
/// agree: top-1 agreement, the largest probability difference and, for labelled clips, both accuracies.</summary>
public static class QuantizationCheck
{
    /// <summary>Compares the two models on <paramref name="clips"/> (batch 1, tuned CPU sessions).</summary>
    /// <param name="fp32">The original model.</param>
    /// <param name="quantized">Its quantized form.</param>
    /// <param name="clips">Clips with optional labels.</param>
    /// <param name="threads">Intra-op threads (0: one per core).</param>
    public static QuantizationAgreement Compare(ModelProto fp32, ModelProto quantized, LabeledClips clips, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Clips.Count == 0) throw new ArgumentException("The agreement check needs at least one clip.", nameof(clips));
        using var options = OnnxSessionTuning.CreateSessionOptions(threads);
        using var referenceSession = new InferenceSession(fp32.ToByteArray(), options);
        using var candidateSession = new InferenceSession(quantized.ToByteArray(), options);
        int n = 0, agree = 0, correctReference = 0, correctCandidate = 0;
        double maxDifference = 0;
        // Clip by clip through both models, so that each clip is made once and dropped.
        foreach (var clip in clips.Clips)
        {
            var reference = Probabilities(referenceSession, clip);
            var candidate = Probabilities(candidateSession, clip);
            int a = ArgMax(reference), b = ArgMax(candidate);
            if (a == b) agree++;
            for (int c = 0; c < reference.Length; c++)
                maxDifference = Math.Max(maxDifference, Math.Abs(reference[c] - candidate[c]));
            if (clips.Labels is { } labels)
            {
                if (a == labels[n]) correctReference++;
                if (b == labels[n]) correctCandidate++;
            }
            n++;
        }
        return new QuantizationAgreement(n, (double)agree / n, maxDifference,
            clips.Labels is null ? null : (double)correctReference / n,
            clips.Labels is null ? null : (double)correctCandidate / n);
    }

    private static float[] Probabilities(InferenceSession session, float[] clip)
    {
        using var outputs = ClipRunner.Run(session, clip, [OnnxSignature.ProbabilitiesName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }
}
