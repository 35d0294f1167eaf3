using Microsoft.ML;
using Microsoft.ML.Data;

namespace TimeSformer.MLNet;

/// <summary>Column look-ups on schemas and schema shapes (ML.NET keeps its own <c>TryFindColumn</c> internal).</summary>
internal static class SchemaColumns
{
    /// <summary>Whether <paramref name="schema"/> has a text column <paramref name="name"/>.</summary>
    public static bool HasTextColumn(DataViewSchema schema, string name) =>
        schema.GetColumnOrNull(name) is { Type: TextDataViewType };

    /// <summary>Whether <paramref name="shape"/> has a scalar text column <paramref name="name"/>.</summary>
    public static bool HasTextColumn(SchemaShape shape, string name) => Find(shape, name) is { } column && IsScalarText(column);

    /// <summary>The column <paramref name="name"/> of <paramref name="shape"/>, or null.</summary>
    public static SchemaShape.Column? Find(SchemaShape shape, string name) =>
        shape.Where(c => c.Name == name).Select(c => (SchemaShape.Column?)c).FirstOrDefault();

    /// <summary>Whether a schema-shape column is a single text value.</summary>
    public static bool IsScalarText(SchemaShape.Column column) =>
        column.Kind == SchemaShape.Column.VectorKind.Scalar && column.ItemType is TextDataViewType;
}
