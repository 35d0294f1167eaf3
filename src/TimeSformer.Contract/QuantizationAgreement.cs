namespace TimeSformer.Contract;

/// <summary>How closely a quantized model follows the fp32 model it was made from, measured on the same clips.</summary>
/// <param name="Clips">Clips both models scored.</param>
/// <param name="Top1Agreement">Fraction of clips (0 to 1) where both models predict the same class.</param>
/// <param name="MaxProbabilityDifference">Largest absolute difference of any class probability over all clips.</param>
/// <param name="Fp32Accuracy">Top-1 accuracy of the fp32 model when the clips have labels; otherwise null.</param>
/// <param name="QuantizedAccuracy">Top-1 accuracy of the quantized model when the clips have labels; otherwise null.</param>
public sealed record QuantizationAgreement(int Clips, double Top1Agreement, double MaxProbabilityDifference,
    double? Fp32Accuracy = null, double? QuantizedAccuracy = null)
{
    /// <summary>Quantized minus fp32 accuracy in percentage points, when both are known.</summary>
    public double? AccuracyDeltaPoints => Fp32Accuracy is { } a && QuantizedAccuracy is { } b ? (b - a) * 100 : null;
}
