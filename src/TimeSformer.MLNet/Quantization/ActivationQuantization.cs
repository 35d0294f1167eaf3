namespace TimeSformer.MLNet.Quantization;

/// <summary>How the inputs of quantized linear layers become uint8.</summary>
public enum ActivationQuantization
{
    /// <summary>Range measured on every call (per tensor): nothing to calibrate, robust to inputs unlike the
    /// calibration clips, one extra min/max pass over each layer input.</summary>
    Dynamic,

    /// <summary>Range fixed at export from the minimum and maximum seen on calibration clips (per tensor): no min/max
    /// pass when scoring, but values outside the calibrated range are clipped.</summary>
    Static,
}
