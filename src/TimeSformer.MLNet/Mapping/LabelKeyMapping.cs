using Microsoft.ML;
using Microsoft.ML.Data;

namespace TimeSformer.MLNet.Mapping;

/// <summary>
/// Turns a text column of true class names into a key column in a model's label order, failing with the label's
/// name when the model does not know it: what <c>MulticlassClassification.Evaluate</c> needs from labelled videos.
/// Scoring never depends on it, so a model scores rows that carry only a path.
/// </summary>
internal static class LabelKeyMapping
{
    /// <summary>The fitted mapping of <paramref name="labelColumnName"/> to keys over <paramref name="labels"/>. It
    /// learns nothing from data, so it is fitted on a one-row view that has just the label column.</summary>
    public static ITransformer Fit(TransformsCatalog catalog, IReadOnlyList<string> labels, string labelColumnName)
    {
        var definition = SchemaDefinition.Create(typeof(LabelRow));
        definition[0].ColumnName = labelColumnName;
        var ml = new MLContext();
        var row = ml.Data.LoadFromEnumerable([new LabelRow { Label = labels[0] }], definition);
        return Estimator(catalog, labels, labelColumnName).Fit(row);
    }

    /// <summary>The unfitted mapping, for schema propagation.</summary>
    public static IEstimator<ITransformer> Estimator(TransformsCatalog catalog, IReadOnlyList<string> labels, string labelColumnName) =>
        catalog.CopyColumns(LabelCheckMappingFactory.LabelColumn, labelColumnName)
            .Append(catalog.Expression(LabelCheckMappingFactory.ModelLabelsColumn,
                $"x => \"{LabelCheckMappingFactory.EncodeLabels(labels)}\"", LabelCheckMappingFactory.LabelColumn))
            .Append(catalog.CustomMapping(new LabelCheckMappingFactory().GetMapping(), LabelCheckMappingFactory.ContractName))
            .Append(catalog.Conversion.MapValueToKey(labelColumnName, LabelCheckMappingFactory.CheckedLabelColumn,
                keyData: LabelKeyData.Create(labels)))
            .Append(catalog.DropColumns(LabelCheckMappingFactory.LabelColumn, LabelCheckMappingFactory.ModelLabelsColumn,
                LabelCheckMappingFactory.CheckedLabelColumn));

    private sealed class LabelRow
    {
        public string Label { get; set; } = "";
    }
}
