using Microsoft.ML;
using Microsoft.ML.Data;
using TimeSformer.Contract;

namespace TimeSformer.MLNet;

/// <summary>Reads what a TimeSformer.MLNet ONNX model says about itself: clip spec and labels
/// (<see cref="VideoModelMetadata"/>), checked against its input and output shapes. Only the file's header is read
/// (<see cref="OnnxModelHeader"/>), not its weights, so scoring reads the weights once, in ONNX Runtime.</summary>
public static class VideoModelReader
{
    /// <summary>Reads and checks the metadata of the model at <paramref name="modelPath"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model of this library: missing metadata, or
    /// inputs/outputs that disagree with it. The message names the file.</exception>
    public static VideoModelMetadata Read(string modelPath)
    {
        var header = OnnxModelHeader.Read(modelPath);
        try
        {
            var metadata = VideoModelMetadata.FromMetadataProps(header.MetadataProps);
            CheckSignature(header, metadata);
            return metadata;
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"ONNX model '{modelPath}' cannot be used for video scoring: {e.Message}", e);
        }
    }

    /// <summary>The class labels of a fitted or loaded scoring pipeline, in score order, read from the key values of its
    /// <c>PredictedLabel</c> column (a saved .zip carries them; the ONNX file is not needed).</summary>
    /// <param name="model">A pipeline made by <see cref="VideoCatalog.ScoreVideos"/>, or loaded from its .zip.</param>
    /// <param name="inputSchema">The schema the pipeline was fitted on (given by <c>mlContext.Model.Load</c>).</param>
    /// <exception cref="ArgumentException">The pipeline has no key-typed <c>PredictedLabel</c> column with key values.</exception>
    public static IReadOnlyList<string> ReadLabels(ITransformer model, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(model);
        return LabelsOf(model.GetOutputSchema(inputSchema), nameof(model));
    }

    /// <summary>The key values of the <c>PredictedLabel</c> column of a scored schema.</summary>
    internal static IReadOnlyList<string> LabelsOf(DataViewSchema scoredSchema, string parameterName)
    {
        var column = scoredSchema.GetColumnOrNull(VideoScoringEstimator.PredictedLabelColumnName);
        if (column is not { Type: KeyDataViewType } || column.Value.Annotations.Schema.GetColumnOrNull("KeyValues") is null)
            throw new ArgumentException($"The model has no key column '{VideoScoringEstimator.PredictedLabelColumnName}' with key values: it is not a video scoring pipeline.", parameterName);
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.Value.GetKeyValues(ref values);
        return [.. values.DenseValues().Select(v => v.ToString())];
    }

    private static void CheckSignature(OnnxModelHeader header, VideoModelMetadata metadata)
    {
        var input = header.Inputs.FirstOrDefault(v => v.Name == OnnxSignature.InputName)
            ?? throw new FormatException($"the model has no '{OnnxSignature.InputName}' input.");
        var output = header.Outputs.FirstOrDefault(v => v.Name == OnnxSignature.ProbabilitiesName)
            ?? throw new FormatException($"the model has no '{OnnxSignature.ProbabilitiesName}' output.");
        var clip = metadata.Clip;
        CheckDims(OnnxSignature.InputName, OnnxModelHeader.Dimensions(input), [-1, clip.Frames, 3, clip.Size, clip.Size]);
        CheckDims(OnnxSignature.ProbabilitiesName, OnnxModelHeader.Dimensions(output), [-1, metadata.Labels.Count]);
    }

    /// <summary>Each fixed dimension of the model must equal the expected one; -1 (dynamic) on either side matches.</summary>
    private static void CheckDims(string name, int[] actual, int[] expected)
    {
        bool ok = actual.Length == expected.Length
            && actual.Zip(expected).All(p => p.First < 0 || p.Second < 0 || p.First == p.Second);
        if (!ok)
            throw new FormatException(
                $"'{name}' has shape [{string.Join(", ", actual)}] but the metadata implies [{string.Join(", ", expected)}] (-1 = any).");
    }
}
