using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TimeSformer.Contract;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Raw ONNX Runtime on pre-decoded clips: one session, one input buffer of <c>batch</c> clips. <see cref="RunReusing"/>
/// binds the input buffer and a preallocated output once (<see cref="OrtValue"/>s over managed memory: no copies, no
/// allocations per call); <see cref="RunNamed"/> is the common <see cref="NamedOnnxValue"/> style that allocates the
/// outputs on every call.
/// </summary>
public sealed class OrtClipRunner : IDisposable
{
    private const string InputName = OnnxSignature.InputName;
    private const string OutputName = OnnxSignature.ProbabilitiesName;
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly OrtValue input;
    private readonly OrtValue output;
    private readonly DenseTensor<float> inputTensor;
    private readonly long[] inputShape;

    /// <summary>Opens <paramref name="modelPath"/> for batches of <paramref name="batch"/> clips of
    /// <paramref name="frames"/> x 3 x <paramref name="size"/>^2.</summary>
    /// <param name="modelPath">The ONNX model.</param>
    /// <param name="tuning">Session settings.</param>
    /// <param name="threads">Intra-op threads.</param>
    /// <param name="batch">Clips per run.</param>
    /// <param name="frames">Frames per clip.</param>
    /// <param name="size">Clip side.</param>
    /// <param name="classes">Model classes.</param>
    /// <param name="memoryArena">Whether ONNX Runtime pools its CPU memory in an arena (its default); without it,
    /// resident memory follows the tensors alive at each moment, so peaks measure what a clip needs.</param>
    public OrtClipRunner(string modelPath, OrtTuning tuning, int threads, int batch, int frames, int size, int classes,
        bool memoryArena = true)
    {
        using (var options = OrtSessions.Create(tuning, threads))
        {
            options.EnableCpuMemArena = memoryArena;
            session = new InferenceSession(modelPath, options);
        }
        inputShape = [batch, frames, 3, size, size];
        Input = new float[batch * frames * 3 * size * size];
        Probabilities = new float[batch * classes];
        input = OrtValue.CreateTensorValueFromMemory(Input, inputShape);
        output = OrtValue.CreateTensorValueFromMemory(Probabilities, [batch, classes]);
        inputTensor = new DenseTensor<float>(Input, [.. inputShape.Select(d => (int)d)]);
    }

    /// <summary>The input clips, [batch, T, 3, S, S]; fill before running.</summary>
    public float[] Input { get; }

    /// <summary>The class probabilities of the last <see cref="RunReusing"/>, [batch, classes].</summary>
    public float[] Probabilities { get; }

    /// <summary>Scores <see cref="Input"/> into <see cref="Probabilities"/> through the bound values.</summary>
    public void RunReusing() => session.Run(runOptions, [InputName], [input], [OutputName], [output]);

    /// <summary>Scores <see cref="Input"/> the <see cref="NamedOnnxValue"/> way (outputs allocated per call).</summary>
    public void RunNamed()
    {
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(InputName, inputTensor)], [OutputName]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        input.Dispose();
        output.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }
}
