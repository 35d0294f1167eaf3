using TimeSformer.Contract;
using TimeSformer.Torch.Model;

namespace TimeSformer.Cli.Ablation;

/// <summary>The paper's ablation set.</summary>
internal static class AblationVariants
{
    /// <summary>The paper's ablations around <paramref name="model"/>: divided, joint and space-only attention (with
    /// its positional mode), divided attention without positional embeddings and with spatial ones only, and the
    /// CNN-RNN baseline on the same clips.</summary>
    public static IReadOnlyList<ModelRecipe> Standard(TimeSformerOptions model) =>
    [
        ModelRecipe.TimeSformer("divided", model with { AttentionType = AttentionType.DividedSpaceTime }),
        ModelRecipe.TimeSformer("joint", model with { AttentionType = AttentionType.JointSpaceTime }),
        ModelRecipe.TimeSformer("space-only", model with { AttentionType = AttentionType.SpaceOnly }),
        ModelRecipe.TimeSformer("divided-pos-none", model with { AttentionType = AttentionType.DividedSpaceTime, PositionalEmbedding = PositionalEmbedding.None }),
        ModelRecipe.TimeSformer("divided-pos-space", model with { AttentionType = AttentionType.DividedSpaceTime, PositionalEmbedding = PositionalEmbedding.SpaceOnly }),
        ModelRecipe.CnnRnn(ModelArchitecture.CnnRnn, CnnRnnOptions.Matching(model)),
    ];

    /// <summary>Variants an ablation trains only when named, on the same clips: the ResNet18-GRU baseline (a frozen
    /// ImageNet-pretrained ResNet18 per frame and a GRU), and the TimeSformer on that ResNet18's feature maps: its
    /// default configuration (stage-2 maps), the same with pixel patches, and on stage-3 maps.</summary>
    public static IReadOnlyList<ModelRecipe> Optional(TimeSformerOptions model)
    {
        var hybrid = ResNet18TimeSformerOptions.Matching(model);
        return
        [
            ModelRecipe.ResNet18Gru(ModelArchitecture.ResNet18Gru, ResNet18GruOptions.Matching(model)),
            ModelRecipe.ResNet18TimeSformer(ModelArchitecture.ResNet18TimeSformer, hybrid),
            ModelRecipe.ResNet18TimeSformer(ModelArchitecture.ResNet18TimeSformer + "-pixels", hybrid with { PixelPatches = true }),
            ModelRecipe.ResNet18TimeSformer(ModelArchitecture.ResNet18TimeSformer + "-stage3", hybrid with { Stage = 3 }),
        ];
    }

    /// <summary>The standard variants, then the optional ones.</summary>
    public static IReadOnlyList<ModelRecipe> All(TimeSformerOptions model) => [.. Standard(model), .. Optional(model)];
}
