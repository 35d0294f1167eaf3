using TorchSharp.Modules;

namespace TimeSformer.Torch.Training;

/// <summary>One optimiser parameter group made by <see cref="ParameterGroups.Split"/>.</summary>
/// <param name="Parameters">The named parameters.</param>
/// <param name="WeightDecay">Weight decay applied to them.</param>
/// <param name="LearningRateScale">Multiplier of the scheduled learning rate.</param>
public sealed record ParameterGroup(IReadOnlyList<(string Name, Parameter Parameter)> Parameters, double WeightDecay, double LearningRateScale);
