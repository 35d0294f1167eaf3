using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests.Fixtures;

/// <summary>Reads the reference fixtures of <c>tests/fixtures</c>, copied beside the test assembly by the project.</summary>
internal static class ReferenceFiles
{
    /// <summary>Path of a file under <c>tests/fixtures</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "fixtures", .. parts]);

    /// <summary>The reference fixture's JSON description.</summary>
    public static JsonObject ReferenceJson() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path("reference", "tiny_divided_space_time.json")))!;

    /// <summary>The reference input clip transposed from the fixture's B,C,T,H,W to our B,T,C,H,W.</summary>
    public static Tensor ReferenceInput()
    {
        var json = ReferenceJson();
        Assert.AreEqual("B,C,T,H,W", json["input_layout"]!.GetValue<string>());
        long[] shape = json["input_shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
        var bytes = File.ReadAllBytes(Path("reference", "tiny_divided_space_time.input.f32"));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        Assert.AreEqual(shape.Aggregate(1L, (a, b) => a * b), values.Length, "input.f32 size does not match input_shape");
        using var bcthw = tensor(values, shape);
        return bcthw.permute(0, 2, 1, 3, 4).contiguous();
    }

    /// <summary>The official logits [B, classes] of the reference fixture.</summary>
    public static Tensor ReferenceLogits()
    {
        var rows = ReferenceJson()["logits"]!.AsArray();
        var values = rows.SelectMany(r => r!.AsArray().Select(v => v!.GetValue<float>())).ToArray();
        return tensor(values, [rows.Count, values.Length / rows.Count]);
    }
}
