using System.Reflection;
using Google.Protobuf;
using Onnx;
using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;

namespace TimeSformer.Torch.Export;

/// <summary>
/// Writes models as ONNX files that stock ONNX Runtime runs: input <c>pixel_values</c> float32
/// [batch, T, 3, S, S] (batch dynamic), outputs <c>logits</c> and <c>probabilities</c> float32 [batch, classes],
/// IR version <see cref="OnnxSignature.IrVersion"/>, default-domain opset <see cref="OnnxGraphBuilder.Opset"/>, and the clip spec,
/// labels, configuration and producer in <c>metadata_props</c> (<see cref="VideoModelMetadata"/>).
/// </summary>
public static class OnnxExporter
{
    /// <summary>This library's version, written as the producer version.</summary>
    public static string ProducerVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>
    /// Exports a checkpoint file (what the CLI's <c>export</c> verb does): our checkpoint (its metadata gives the
    /// architecture, TimeSformer or CNN-RNN, the configuration, clip spec and labels), or an official
    /// <c>.pyth</c>/<c>.pth</c> or Hugging Face <c>.safetensors</c> TimeSformer, which needs
    /// <paramref name="config"/>.
    /// </summary>
    /// <param name="checkpointPath">The checkpoint.</param>
    /// <param name="outputPath">The .onnx file to write.</param>
    /// <param name="config">The TimeSformer configuration; overrides our checkpoint's, required for other files.</param>
    /// <param name="labels">Class labels; override our checkpoint's. Files without labels get <c>0</c> ... <c>N-1</c>.</param>
    /// <param name="options">Optional settings.</param>
    /// <returns>The metadata written to the file.</returns>
    /// <exception cref="ArgumentException">An official or Hugging Face checkpoint is given without a configuration.</exception>
    /// <exception cref="CheckpointException">The checkpoint is unreadable or does not fit the configuration.</exception>
    /// <exception cref="OnnxExportException">The labels do not match the model's classes.</exception>
    public static VideoModelMetadata ExportCheckpoint(string checkpointPath, string outputPath,
        TimeSformerOptions? config = null, IReadOnlyList<string>? labels = null, OnnxExportOptions? options = null)
    {
        if (File.Exists(checkpointPath) && checkpointPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            && ModelCheckpoint.IsModelCheckpoint(checkpointPath))
        {
            using var checkpoint = ModelCheckpoint.Load(checkpointPath);
            var saved = checkpoint.Metadata;
            IOnnxModelMapping mapping = saved.Architecture switch
            {
                ModelArchitecture.CnnRnn => new CnnRnnOnnxMapping(CnnRnnOptions.FromJson(saved.ConfigJson), checkpoint.StateDict),
                ModelArchitecture.ResNet18Gru => new ResNet18GruOnnxMapping(ResNet18GruOptions.FromJson(saved.ConfigJson), checkpoint.StateDict),
                ModelArchitecture.ResNet18TimeSformer => new ResNet18TimeSformerOnnxMapping(
                    ResNet18TimeSformerOptions.FromJson(saved.ConfigJson), checkpoint.StateDict),
                ModelArchitecture.TimeSformer => new TimeSformerOnnxMapping(
                    config ?? TimeSformerOptions.FromOfficialJson(saved.ConfigJson), checkpoint.StateDict),
                _ => throw new OnnxExportException($"Checkpoint '{checkpointPath}' holds a '{saved.Architecture}' model; " +
                    $"the exporter knows {string.Join(", ", ModelArchitecture.All.Select(a => $"'{a}'"))}."),
            };
            return Export(mapping, saved with { Labels = labels ?? saved.Labels }, outputPath, options);
        }
        using var model = CheckpointLoader.LoadTimeSformer(checkpointPath, config);
        var metadata = new VideoModelMetadata
        {
            Clip = model.Options.ToClipSpec(),
            Labels = labels ?? VideoModelMetadata.NumberedLabels(model.Options.NumClasses),
        };
        return Export(model, metadata, outputPath, options);
    }

    /// <summary>Exports a TimeSformer (evaluation-mode math: dropout and stochastic depth off) to
    /// <paramref name="path"/>.</summary>
    /// <param name="model">The model; its <see cref="TimeSformerModel.Options"/> fix T, S and the graph.</param>
    /// <param name="metadata">Clip spec and labels; its architecture, configuration and producer are replaced by
    /// the model's.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="options">Optional settings.</param>
    /// <returns>The metadata written to the file.</returns>
    public static VideoModelMetadata Export(TimeSformerModel model, VideoModelMetadata metadata, string path,
        OnnxExportOptions? options = null) =>
        Export(new TimeSformerOnnxMapping(model.Options, model.state_dict()), metadata, path, options);

    /// <summary>Exports a CNN-RNN baseline (evaluation-mode math: BatchNorm running statistics, dropout off) to
    /// <paramref name="path"/>.</summary>
    /// <param name="model">The model; its <see cref="CnnRnn.Options"/> fix T, S and the graph.</param>
    /// <param name="metadata">Clip spec and labels; its architecture, configuration and producer are replaced by
    /// the model's.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="options">Optional settings.</param>
    /// <returns>The metadata written to the file.</returns>
    public static VideoModelMetadata Export(CnnRnn model, VideoModelMetadata metadata, string path,
        OnnxExportOptions? options = null) =>
        Export(new CnnRnnOnnxMapping(model.Options, model.state_dict()), metadata, path, options);

    /// <summary>Exports a ResNet18-GRU (frozen backbone, GRU and head in one graph) to <paramref name="path"/>.</summary>
    /// <param name="model">The model; its <see cref="ResNet18Gru.Options"/> fix T, S and the graph.</param>
    /// <param name="metadata">Clip spec and labels; its architecture, configuration and producer are replaced by
    /// the model's.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="options">Optional settings.</param>
    /// <returns>The metadata written to the file.</returns>
    public static VideoModelMetadata Export(ResNet18Gru model, VideoModelMetadata metadata, string path,
        OnnxExportOptions? options = null) =>
        Export(new ResNet18GruOnnxMapping(model.Options, model.state_dict()), metadata, path, options);

    /// <summary>Exports a ResNet18-TimeSformer (frozen truncated backbone, projection and transformer in one graph) to
    /// <paramref name="path"/>.</summary>
    /// <param name="model">The model; its <see cref="ResNet18TimeSformer.Options"/> fix T, S and the graph.</param>
    /// <param name="metadata">Clip spec and labels; its architecture, configuration and producer are replaced by
    /// the model's.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="options">Optional settings.</param>
    /// <returns>The metadata written to the file.</returns>
    public static VideoModelMetadata Export(ResNet18TimeSformer model, VideoModelMetadata metadata, string path,
        OnnxExportOptions? options = null) =>
        Export(new ResNet18TimeSformerOnnxMapping(model.Options, model.state_dict()), metadata, path, options);

    /// <summary>Exports a model to <paramref name="path"/> (written to a temporary file, then moved into place).</summary>
    /// <param name="mapping">The model, e.g. a <see cref="TimeSformerOnnxMapping"/>.</param>
    /// <param name="metadata">Clip spec and labels; its architecture, configuration and producer are replaced by
    /// the model's.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="options">Optional settings.</param>
    /// <returns>The metadata written to the file.</returns>
    public static VideoModelMetadata Export(IOnnxModelMapping mapping, VideoModelMetadata metadata, string path,
        OnnxExportOptions? options = null)
    {
        var (model, written) = Build(mapping, metadata, options);
        AtomicFile.Write(path, model.WriteTo);
        return written;
    }

    /// <summary>Builds the ONNX model in memory without writing it.</summary>
    /// <returns>The model and the metadata it carries.</returns>
    public static (ModelProto Model, VideoModelMetadata Metadata) Build(IOnnxModelMapping mapping,
        VideoModelMetadata metadata, OnnxExportOptions? options = null)
    {
        options ??= new OnnxExportOptions();
        var written = Complete(mapping, metadata);
        var graph = new OnnxGraphBuilder(options.GraphName ?? mapping.Architecture);
        int s = mapping.ImageSize;
        string input = graph.Input(OnnxSignature.InputName, OnnxSignature.BatchDim, mapping.Frames, 3, s, s);
        string logits = mapping.EmitLogits(graph, input);
        string probabilities;
        using (graph.Scope(OnnxSignature.ProbabilitiesName))
            probabilities = graph.Softmax(logits);
        graph.Output(logits, OnnxSignature.LogitsName, OnnxSignature.BatchDim, mapping.NumClasses);
        graph.Output(probabilities, OnnxSignature.ProbabilitiesName, OnnxSignature.BatchDim, mapping.NumClasses);

        var model = new ModelProto
        {
            IrVersion = OnnxSignature.IrVersion,
            ProducerName = OnnxSignature.ProducerName,
            ProducerVersion = ProducerVersion,
            ModelVersion = options.ModelVersion,
            DocString = options.DocString ?? "",
            Graph = graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxGraphBuilder.Opset });
        foreach (var (key, value) in written.ToMetadataProps())
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return (model, written);
    }

    /// <summary>Checks the metadata against the model and fills in what the model decides.</summary>
    private static VideoModelMetadata Complete(IOnnxModelMapping mapping, VideoModelMetadata metadata)
    {
        metadata.Clip.Validate();
        if (metadata.Labels.Count != mapping.NumClasses)
            throw new OnnxExportException($"The metadata has {metadata.Labels.Count} labels but the model has {mapping.NumClasses} classes.");
        if (metadata.Clip.Frames != mapping.Frames || metadata.Clip.Size != mapping.ImageSize)
            throw new OnnxExportException($"The clip spec ({metadata.Clip.Frames} frames of {metadata.Clip.Size} px) does not " +
                $"match the model ({mapping.Frames} frames of {mapping.ImageSize} px).");
        return metadata with
        {
            Architecture = mapping.Architecture,
            ConfigJson = mapping.ConfigJson,
            Producer = $"{OnnxSignature.ProducerName} {ProducerVersion}",
        };
    }
}
