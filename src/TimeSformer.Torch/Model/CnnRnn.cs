using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TimeSformer.Torch.Model;

/// <summary>
/// The CNN-RNN video baseline: a small ResNet-style CNN on every frame (stem conv-BN-ReLU, residual stages that
/// halve the resolution, global average pooling), a GRU or LSTM over the T frame features, and a linear head on the
/// last hidden state. Takes the same [B, T, 3, S, S] clips as <see cref="TimeSformerModel"/>.
/// </summary>
public sealed class CnnRnn : Module<Tensor, Tensor>
{
    private readonly Sequential stem;
    private readonly Sequential stages;
    private readonly GRU? gru;
    private readonly LSTM? lstm;
    private readonly Dropout head_drop;
    private readonly Linear head;

    /// <summary>Creates a randomly initialised model.</summary>
    public CnnRnn(CnnRnnOptions options) : base(nameof(CnnRnn))
    {
        options.Validate();
        OneDnnCpuIsa.Apply();
        Options = options;
        stem = Sequential(
            ("conv", Conv2d(options.Channels, options.StemWidth, 3, stride: 2, padding: 1, bias: false)),
            ("bn", BatchNorm2d(options.StemWidth)),
            ("relu", ReLU()));
        stages = Sequential();
        int width = options.StemWidth;
        for (int i = 0; i < options.StageWidths.Count; i++)
        {
            stages.append(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new ConvResidualBlock($"stage{i}", width, options.StageWidths[i], stride: 2));
            width = options.StageWidths[i];
        }
        FeatureWidth = width;
        if (options.Cell == RecurrentCell.Gru)
            gru = GRU(width, options.HiddenSize, options.RnnLayers, batchFirst: true);
        else
            lstm = LSTM(width, options.HiddenSize, options.RnnLayers, batchFirst: true);
        head_drop = Dropout(options.HeadDropRate);
        head = Linear(options.HiddenSize, options.NumClasses);
        RegisterComponents();
        InitialWeights.Remember(this);
    }

    /// <summary>The configuration.</summary>
    public CnnRnnOptions Options { get; }

    /// <summary>Width of the per-frame feature fed to the recurrent layer.</summary>
    public int FeatureWidth { get; }

    /// <summary>Clip [B, T, C, S, S] to logits [B, classes].</summary>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 5)
            throw new ArgumentException($"CnnRnn expects a clip batch [B, T, C, S, S]; got shape [{string.Join(", ", x.shape)}].");
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1];
        var frames = x.reshape(b * t, x.shape[2], x.shape[3], x.shape[4]);
        var features = stages.call(stem.call(frames)).mean([2, 3]).reshape(b, t, FeatureWidth);
        var sequence = gru is not null
            ? gru.call(features, null).Item1
            : LstmRecurrence.Run(lstm!, Options.RnnLayers, Options.HiddenSize, features);
        var last = sequence.select(1, t - 1);
        return head.call(head_drop.call(last)).MoveToOuterDisposeScope();
    }
}
