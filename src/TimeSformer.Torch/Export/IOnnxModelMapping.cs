namespace TimeSformer.Torch.Export;

/// <summary>
/// The model-specific half of an export: one implementation per model family (<see cref="TimeSformerOnnxMapping"/>;
/// a CNN-RNN baseline adds its own) emits the graph from <c>pixel_values</c> to the logits.
/// <see cref="OnnxExporter"/> adds the signature, softmax, metadata and writes the file.
/// </summary>
public interface IOnnxModelMapping
{
    /// <summary>Model family written to metadata, e.g. <c>timesformer</c>.</summary>
    string Architecture { get; }

    /// <summary>The model configuration as a JSON object (official config names), written to metadata.</summary>
    string ConfigJson { get; }

    /// <summary>Frames per clip (T) the graph expects.</summary>
    int Frames { get; }

    /// <summary>Square frame side (S) the graph expects.</summary>
    int ImageSize { get; }

    /// <summary>Number of classes (width of the logits).</summary>
    int NumClasses { get; }

    /// <summary>Emits the graph from <paramref name="pixelValues"/> (float32 [batch, T, 3, S, S]) to logits
    /// [batch, classes] and returns the name of the logits value.</summary>
    string EmitLogits(OnnxGraphBuilder graph, string pixelValues);
}
