using Microsoft.ML;
using Microsoft.ML.Data;

namespace TimeSformer.MLNet;

/// <summary>
/// A transformer made of ML.NET built-in transforms and custom mappings. Third-party transformers cannot write
/// their own state into a model .zip, so this one saves its inner chain: after <c>mlContext.Model.Load</c> the
/// model is that chain (a <see cref="TransformerChain{TLastTransformer}"/>) and behaves identically.
/// </summary>
public abstract class ComposedTransformer : ITransformer
{
    private protected ComposedTransformer(ITransformer inner) => Inner = inner;

    /// <summary>The fitted chain of built-in transforms that does the work.</summary>
    public ITransformer Inner { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => Inner.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Inner.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Inner.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => Inner.Transform(input);

    /// <inheritdoc />
    void ICanSaveModel.Save(ModelSaveContext ctx) => Inner.Save(ctx);
}
