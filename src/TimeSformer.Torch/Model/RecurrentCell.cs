namespace TimeSformer.Torch.Model;

/// <summary>The recurrent layer of a <see cref="CnnRnn"/>.</summary>
public enum RecurrentCell
{
    /// <summary>Gated recurrent unit (fewer parameters, the default).</summary>
    Gru,

    /// <summary>Long short-term memory.</summary>
    Lstm,
}
