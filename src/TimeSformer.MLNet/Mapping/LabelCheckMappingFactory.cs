using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace TimeSformer.MLNet.Mapping;

/// <summary>
/// The custom mapping that lets a true label through only if the model knows it, so that an unknown label fails
/// with its name instead of silently becoming a missing key. The model's labels come from a constant column
/// (base64 of a JSON array, safe inside an ML.NET expression). Public only so that ML.NET can rebuild it when a
/// saved model is loaded.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class LabelCheckMappingFactory : CustomMappingFactory<LabelCheckMappingFactory.Input, LabelCheckMappingFactory.Output>
{
    /// <summary>The contract name recorded in saved models.</summary>
    public const string ContractName = "TimeSformer.MLNet.CheckVideoLabel";

    internal const string LabelColumn = "__tsf_label";
    internal const string ModelLabelsColumn = "__tsf_model_labels";
    internal const string CheckedLabelColumn = "__tsf_checked_label";

    private static readonly ConcurrentDictionary<string, string[]> Known = new();

    /// <summary>Columns read.</summary>
    public sealed class Input
    {
        /// <summary>The true label.</summary>
        [ColumnName(LabelColumn)]
        public string Label { get; set; } = "";

        /// <summary>The model's labels, encoded by <see cref="EncodeLabels"/>.</summary>
        [ColumnName(ModelLabelsColumn)]
        public string ModelLabels { get; set; } = "";
    }

    /// <summary>Columns written.</summary>
    public sealed class Output
    {
        /// <summary>The same label, once checked.</summary>
        [ColumnName(CheckedLabelColumn)]
        public string Label { get; set; } = "";
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => (input, output) =>
    {
        var known = Known.GetOrAdd(input.ModelLabels, DecodeLabels);
        if (Array.IndexOf(known, input.Label) < 0)
            throw new InvalidOperationException(
                $"Label '{input.Label}' is not a class of the model; its classes are: {string.Join(", ", known)}.");
        output.Label = input.Label;
    };

    /// <summary>Encodes labels for the constant column.</summary>
    public static string EncodeLabels(IReadOnlyList<string> labels) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(labels));

    private static string[] DecodeLabels(string encoded) =>
        JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(Convert.FromBase64String(encoded))) ?? [];
}
