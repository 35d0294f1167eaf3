using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Export;

/// <summary>Emits stacked TorchSharp <c>GRU</c>/<c>LSTM</c> layers (state-dict names <c>gru.weight_ih_l0</c>, ...) as
/// ONNX <c>GRU</c>/<c>LSTM</c> ops, for every model that ends in a recurrent network over frame features.</summary>
internal static class RecurrentOnnx
{
    private const string Batch = OnnxSignature.BatchDim;

    /// <summary>Stacked recurrent layers over features [T, B, width] (ONNX's default sequence-first layout, which
    /// ONNX Runtime's CPU kernels require); returns the last layer's final hidden state [B, hidden].</summary>
    public static string Emit(OnnxGraphBuilder graph, StateDictWeights stateWeights, RecurrentCell cell, int layers,
        int hidden, int frames, string x, int width)
    {
        bool gru = cell == RecurrentCell.Gru;
        string module = gru ? "gru" : "lstm";
        int h = hidden, t = frames, gates = gru ? 3 : 4;
        // PyTorch stacks gates r,z,n (GRU) and i,f,g,o (LSTM); ONNX wants z,r,h and i,o,f,c.
        long[] order = gru ? [1, 0, 2] : [0, 3, 1, 2];
        for (int layer = 0; layer < layers; layer++)
        {
            int inputWidth = layer == 0 ? width : h;
            Tensor Gates(string name, params long[] shape)
            {
                var chunks = stateWeights.Get($"{module}.{name}_l{layer}", shape).chunk(gates);
                return cat(order.Select(i => chunks[i]).ToArray(), 0).unsqueeze(0);
            }

            using var scope = graph.Scope($"{module}.l{layer}");
            string w = graph.Initializer($"{module}.weight_ih_l{layer}.onnx", Gates("weight_ih", gates * h, inputWidth));
            string r = graph.Initializer($"{module}.weight_hh_l{layer}.onnx", Gates("weight_hh", gates * h, h));
            string b = graph.Initializer($"{module}.bias_l{layer}.onnx", cat([Gates("bias_ih", gates * h), Gates("bias_hh", gates * h)], 1));
            var attributes = gru
                ? new[] { OnnxGraphBuilder.Int("hidden_size", h), OnnxGraphBuilder.Int("linear_before_reset", 1) }
                : new[] { OnnxGraphBuilder.Int("hidden_size", h) };
            var outputs = graph.Node(gru ? "GRU" : "LSTM", [x, w, r, b], 2, attributes);
            x = layer == layers - 1
                ? graph.Reshape(outputs[1], [-1, h], [Batch, h])
                : graph.Reshape(outputs[0], [t, -1, h], [t, Batch, h]);
        }
        return x;
    }
}
