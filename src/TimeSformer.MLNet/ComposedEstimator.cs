using Microsoft.ML;
using Microsoft.ML.Data;

namespace TimeSformer.MLNet;

/// <summary>An estimator that builds a chain of ML.NET built-in estimators for the input columns, fits it and
/// wraps the result in <typeparamref name="TTransformer"/>.</summary>
/// <typeparam name="TTransformer">The transformer produced.</typeparam>
public abstract class ComposedEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : ComposedTransformer
{
    private protected ComposedEstimator(TransformsCatalog catalog) => Catalog = catalog;

    private protected TransformsCatalog Catalog { get; }

    /// <inheritdoc />
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Wrap(MakeChain(name => input.Schema.GetColumnOrNull(name) is { } c && c.Type is TextDataViewType).Fit(input));
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
        MakeChain(name => inputSchema.Any(c => c.Name == name && c.Kind == SchemaShape.Column.VectorKind.Scalar && c.ItemType is TextDataViewType))
            .GetOutputSchema(inputSchema);

    /// <summary>The built-in estimators for an input whose text columns are those for which
    /// <paramref name="isTextColumn"/> is true; throws when a needed column is missing.</summary>
    private protected abstract IEstimator<ITransformer> MakeChain(Func<string, bool> isTextColumn);

    private protected abstract TTransformer Wrap(ITransformer fitted);

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a text column.</summary>
    private protected static void RequireTextColumn(Func<string, bool> isTextColumn, string name)
    {
        if (!isTextColumn(name))
            throw new ArgumentException($"Input column '{name}' must exist and be a text column of video paths.");
    }
}
