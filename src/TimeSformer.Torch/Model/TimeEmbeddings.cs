using TimeSformer.Torch.Training;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Model;

/// <summary>Initialises a TimeSformer's temporal embedding (<c>time_embed</c>, [1, T, D]).</summary>
public static class TimeEmbeddings
{
    /// <summary>Sinusoidal codes [T, D] (Vaswani et al.): even channels sin(t / 10000^(2i/D)), odd channels cos.</summary>
    public static float[,] Sinusoidal(int frames, int dim)
    {
        var codes = new float[frames, dim];
        for (int t = 0; t < frames; t++)
            for (int c = 0; c < dim; c++)
            {
                double angle = t / Math.Pow(10000, 2.0 * (c / 2) / dim);
                codes[t, c] = (float)(c % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        return codes;
    }

    /// <summary>Sets <paramref name="model"/>'s <c>time_embed</c> to <paramref name="scale"/> times the sinusoidal
    /// codes; returns false when the model has no temporal embedding (space-only, CNN-RNN).</summary>
    public static bool SetSinusoidal(nn.Module model, double scale)
    {
        var parameter = model.named_parameters().FirstOrDefault(p => ParameterGroups.IsTimeEmbedding(p.name)).parameter;
        if (parameter is null) return false;
        int frames = (int)parameter.shape[^2], dim = (int)parameter.shape[^1];
        using var noGrad = no_grad();
        using var codes = tensor(Sinusoidal(frames, dim)).mul(scale);
        parameter.copy_(codes.reshape(parameter.shape));
        return true;
    }
}
