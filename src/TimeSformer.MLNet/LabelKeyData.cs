using Microsoft.ML;

namespace TimeSformer.MLNet;

/// <summary>A model's labels as the one-column data view that <c>MapValueToKey(keyData: ...)</c> takes, so keys
/// follow the model's label order.</summary>
internal static class LabelKeyData
{
    public static IDataView Create(IReadOnlyList<string> labels) =>
        new MLContext().Data.LoadFromEnumerable(labels.Select(l => new Row { Value = l }));

    private sealed class Row
    {
        public string Value { get; set; } = "";
    }
}
