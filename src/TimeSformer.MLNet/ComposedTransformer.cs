using Microsoft.ML;
using Microsoft.ML.Data;

namespace TimeSformer.MLNet;

/// <summary>
/// A transformer made of ML.NET built-in transforms and custom mappings. Third-party transformers cannot write
/// their own state into a model .zip, so this one saves its inner chain: after <c>mlContext.Model.Load</c> the
/// model is that chain (a <see cref="TransformerChain{TLastTransformer}"/>) and scores identically.
/// </summary>
public abstract class ComposedTransformer : ITransformer
{
    private protected ComposedTransformer(ITransformer inner) => Inner = inner;

    /// <summary>The fitted chain of built-in transforms that does the work, and what a saved model holds.</summary>
    public ITransformer Inner { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => Inner.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => For(inputSchema).GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => For(inputSchema).GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => For(input.Schema).Transform(input);

    /// <inheritdoc />
    void ICanSaveModel.Save(ModelSaveContext ctx) => Inner.Save(ctx);

    /// <summary>The transformer applied to an input of <paramref name="inputSchema"/>: <see cref="Inner"/> unless a
    /// subclass adds steps for optional input columns.</summary>
    private protected virtual ITransformer For(DataViewSchema inputSchema) => Inner;
}
