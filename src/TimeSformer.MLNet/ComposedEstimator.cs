using Microsoft.ML;
using Microsoft.ML.Data;

namespace TimeSformer.MLNet;

/// <summary>An estimator that builds a chain of ML.NET built-in estimators over a text column of video paths, fits
/// it and wraps the result in <typeparamref name="TTransformer"/>.</summary>
/// <typeparam name="TTransformer">The transformer produced.</typeparam>
public abstract class ComposedEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : ComposedTransformer
{
    private protected ComposedEstimator(TransformsCatalog catalog, string inputColumnName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        Catalog = catalog;
        InputColumnName = inputColumnName;
    }

    /// <summary>The text column of video paths read.</summary>
    public string InputColumnName { get; }

    private protected TransformsCatalog Catalog { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The path column is missing or not text (ML.NET's schema-mismatch error).</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var column = input.Schema.GetColumnOrNull(InputColumnName);
        CheckPathColumn(column is { } c ? (c.Type is TextDataViewType, c.Type.ToString() ?? "") : null, nameof(input));
        return Wrap(MakeChain().Fit(input));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The path column is missing or not text (ML.NET's schema-mismatch error).</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var column = SchemaColumns.Find(inputSchema, InputColumnName);
        CheckPathColumn(column is { } c ? (SchemaColumns.IsScalarText(c), Describe(c)) : null, nameof(inputSchema));
        return WithOptionalColumns(MakeChain().GetOutputSchema(inputSchema), inputSchema);
    }

    /// <summary>The built-in estimators that do the work.</summary>
    private protected abstract IEstimator<ITransformer> MakeChain();

    private protected abstract TTransformer Wrap(ITransformer fitted);

    /// <summary>The output schema once the fitted transformer has handled optional input columns (see
    /// <see cref="ComposedTransformer"/>); the chain's own output by default.</summary>
    private protected virtual SchemaShape WithOptionalColumns(SchemaShape output, SchemaShape input) => output;

    /// <summary>Throws as ML.NET's built-in transforms do: "Could not find input column 'X'" for a missing column,
    /// "Schema mismatch for input column 'X': expected String, got T" for one of another type.</summary>
    private void CheckPathColumn((bool IsText, string Type)? column, string parameterName)
    {
        if (column is null)
            throw new ArgumentOutOfRangeException(parameterName, $"Could not find input column '{InputColumnName}'");
        if (!column.Value.IsText)
            throw new ArgumentOutOfRangeException(parameterName,
                $"Schema mismatch for input column '{InputColumnName}': expected String, got {column.Value.Type}");
    }

    private static string Describe(SchemaShape.Column column) => column.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => column.ItemType.ToString() ?? "",
        _ => $"Vector<{column.ItemType}>",
    };
}
