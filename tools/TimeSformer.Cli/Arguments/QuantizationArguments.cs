using System.CommandLine;
using TimeSformer.Contract;
using TimeSformer.MLNet.Quantization;
using TimeSformer.Video.Datasets;

namespace TimeSformer.Cli.Arguments;

/// <summary>The <c>--quantize</c> options of <c>export</c>: int8 linear layers, checked against the fp32 export on
/// clips of the given data (its test split for agreement, its training split for calibration) or on synthetic motion
/// clips rendered in memory.</summary>
internal sealed class QuantizationArguments
{
    public Option<string?> Quantize { get; } = new("--quantize")
    {
        Description = "Also quantize: 'int8' runs the linear layers on the CPU's integer units (ONNX Runtime); the model is checked "
            + "against the fp32 export and refused below --min-agreement.",
    };

    public Option<ActivationQuantization> Activations { get; } = new("--activations")
    {
        Description = "With --quantize: 'Dynamic' measures each layer input's range per call; 'Static' fixes it by calibrating on training clips.",
        DefaultValueFactory = _ => ActivationQuantization.Dynamic,
    };

    public Option<QuantizedOperators> Operators { get; } = new("--int8-operators")
    {
        Description = "With --quantize: 'OnnxRuntimeFused' (fastest in ONNX Runtime) or 'Standard' (plain ONNX MatMulInteger).",
        DefaultValueFactory = _ => QuantizedOperators.OnnxRuntimeFused,
    };

    public Option<bool> ReduceRange { get; } = new("--reduce-range")
    {
        Description = "With --quantize: 7-bit weights, true (default: the same results on every CPU) or false (full 8 bits: "
            + "right only where every scoring CPU has VNNI; x86 CPUs without it saturate).",
        DefaultValueFactory = _ => new Int8QuantizationOptions().ReduceRange,
    };

    public Option<string?> CheckData { get; } = new("--check-data")
    {
        Description = "With --quantize: a dataset folder or CSV manifest whose test split (else all of it) checks agreement and whose "
            + "training split calibrates static activations (default: synthetic motion clips rendered in memory).",
    };

    public Option<int> CheckClips { get; } = new Option<int>("--check-clips")
    {
        Description = "With --quantize: clips to check agreement on (each is scored by both models: about 3 s per clip for Base on 2 cores).",
        DefaultValueFactory = _ => 256,
    }.Between(1, 100_000);

    public Option<int> CalibrationClips { get; } = new Option<int>("--calibration-clips")
    {
        Description = "With --quantize --activations Static: clips to calibrate on.",
        DefaultValueFactory = _ => 32,
    }.Between(1, 10_000);

    public Option<double> MinAgreement { get; } = new Option<double>("--min-agreement")
    {
        Description = "With --quantize: least top-1 agreement with the fp32 model, 0 to 1; below it nothing is written.",
        DefaultValueFactory = _ => VideoModelQuantizer.DefaultMinAgreement,
    }.Between(0, 1);

    public QuantizationArguments() => Quantize.AcceptOnlyFromAmong("int8");

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Quantize, Activations, Operators, ReduceRange, CheckData, CheckClips, CalibrationClips, MinAgreement })
            command.Options.Add(option);
    }

    public bool Requested(ParseResult parse) => parse.GetValue(Quantize) is not null;

    /// <summary>Quantizes the fp32 model at <paramref name="fp32Path"/> into <paramref name="outputPath"/>.</summary>
    public ModelQuantization Run(ParseResult parse, string fp32Path, string outputPath, VideoModelMetadata metadata, Action<string> log)
    {
        var options = new Int8QuantizationOptions
        {
            Activations = parse.GetValue(Activations), Operators = parse.GetValue(Operators), ReduceRange = parse.GetValue(ReduceRange),
        };
        int checkCount = parse.GetValue(CheckClips), calibrationCount = parse.GetValue(CalibrationClips);
        bool calibrate = options.Activations == ActivationQuantization.Static;
        LabeledClips check;
        LabeledClips? calibration = null;
        if (parse.GetValue(CheckData) is { } dataPath)
        {
            var data = DatasetInput.Load(dataPath);
            var test = data.Test.Samples.Count > 0 ? data.Test : data;
            var train = data.Train.Samples.Count > 0 ? data.Train : data;
            log($"Checking on {Math.Min(checkCount, test.Samples.Count)} clips of {dataPath}...");
            check = FromVideos(metadata, test, checkCount);
            if (calibrate) calibration = FromVideos(metadata, train, calibrationCount);
        }
        else
        {
            log($"Checking on {checkCount} synthetic motion clips...");
            check = LabeledClips.Synthetic(metadata.Clip, checkCount, metadata.Labels);
            if (calibrate) calibration = LabeledClips.Synthetic(metadata.Clip, calibrationCount, metadata.Labels, split: VideoDataset.TrainSplit);
        }
        return VideoModelQuantizer.QuantizeFile(fp32Path, outputPath, check, options, calibration, parse.GetValue(MinAgreement));
    }

    // Spread over the samples (a manifest lists classes one after another), so a few clips still cover the classes.
    private static LabeledClips FromVideos(VideoModelMetadata metadata, VideoDataset data, int count)
    {
        var samples = data.Samples;
        int take = Math.Min(count, samples.Count);
        var chosen = Enumerable.Range(0, take).Select(i => samples[(int)((long)i * samples.Count / take)]);
        return LabeledClips.FromVideos(metadata.Clip, chosen.Select(s => (s.Location, (string?)s.Label)), metadata.Labels);
    }
}
