using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Runs an <see cref="LSTM"/>'s weights through the LSTM equations written out (gates i, f, g, o as PyTorch stacks
/// them). libtorch 2.10 sends <c>LSTM.forward</c> on the CPU to oneDNN 3.7.1, whose AVX-512 LSTM kernel returns
/// wrong sequences on AMD Zen 5 (0.26 off for a 16-to-12 layer, checked against these equations; right with
/// <c>ONEDNN_MAX_CPU_ISA=AVX2</c>). The written-out form is exact on every CPU, trains the same parameters, and keeps
/// the module's parameter names for checkpoints and the ONNX exporter.
/// </summary>
internal static class LstmRecurrence
{
    /// <summary>Batch-first input [B, T, in] to the last layer's hidden states [B, T, hidden], zero initial state.</summary>
    public static Tensor Run(LSTM lstm, int layers, int hiddenSize, Tensor input)
    {
        var parameters = lstm.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        long batch = input.shape[0], steps = input.shape[1];
        var sequence = input;
        for (int layer = 0; layer < layers; layer++)
        {
            // The input projection of every step at once; only the recurrent product stays in the loop.
            var projected = nn.functional.linear(sequence, parameters[$"weight_ih_l{layer}"], parameters[$"bias_ih_l{layer}"]);
            var recurrentWeight = parameters[$"weight_hh_l{layer}"];
            var recurrentBias = parameters[$"bias_hh_l{layer}"];
            var h = zeros(batch, hiddenSize, dtype: input.dtype, device: input.device);
            var c = zeros(batch, hiddenSize, dtype: input.dtype, device: input.device);
            var outputs = new Tensor[steps];
            for (long t = 0; t < steps; t++)
            {
                var gates = projected.select(1, t) + nn.functional.linear(h, recurrentWeight, recurrentBias);
                var chunks = gates.chunk(4, 1);
                c = chunks[1].sigmoid() * c + chunks[0].sigmoid() * chunks[2].tanh();
                h = chunks[3].sigmoid() * c.tanh();
                outputs[t] = h;
            }
            sequence = stack(outputs, 1);
        }
        return sequence;
    }
}
