using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Remembers a fingerprint of each model's weights as its constructor left them, so that a trainer can tell a model
/// built from scratch from one that holds trained or loaded weights, however they got there (our loaders,
/// <see cref="Training.FineTuning"/> or a caller's own <c>load_state_dict</c>), and never re-initialises the latter.
/// </summary>
public static class InitialWeights
{
    private static readonly ConditionalWeakTable<nn.Module, Fingerprint> Constructed = new();

    /// <summary>Records <paramref name="model"/>'s weights as its initial ones (called by the model constructors).</summary>
    public static void Remember(nn.Module model)
    {
        if (TryFingerprint(model) is { } fingerprint) Constructed.AddOrUpdate(model, fingerprint);
    }

    /// <summary>Whether <paramref name="model"/> still holds the weights its constructor gave it: true for a model
    /// built from scratch and not trained, false for one that loaded or learnt weights (or was not built by a
    /// constructor of this library).</summary>
    public static bool AreUnchanged(nn.Module model) =>
        Constructed.TryGetValue(model, out var initial) && TryFingerprint(model) is { } now && now == initial;

    /// <summary>Sum and sum of squares of every parameter, in double: equal only if no weight moved (up to
    /// coincidences no training or loading produces). Null on the meta device, which holds no values.</summary>
    private static Fingerprint? TryFingerprint(nn.Module model)
    {
        double sum = 0, squares = 0;
        using var noGrad = no_grad();
        foreach (var parameter in model.parameters())
        {
            if (parameter.device_type == DeviceType.META) return null;
            using var scope = NewDisposeScope();
            var values = parameter.to_type(ScalarType.Float64);
            sum += values.sum().item<double>();
            squares += values.square().sum().item<double>();
        }
        return new Fingerprint(sum, squares);
    }

    private sealed record Fingerprint(double Sum, double Squares);
}
