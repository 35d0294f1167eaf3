namespace TimeSformer.Torch.Model;

/// <summary>Which learned positional embeddings are added to the patch tokens (paper, table 4).</summary>
public enum PositionalEmbedding
{
    /// <summary>No positional embedding.</summary>
    None,

    /// <summary>Spatial embedding (<c>pos_embed</c>) only.</summary>
    SpaceOnly,

    /// <summary>Spatial (<c>pos_embed</c>) and temporal (<c>time_embed</c>) embeddings, as official.</summary>
    SpaceTime,
}
