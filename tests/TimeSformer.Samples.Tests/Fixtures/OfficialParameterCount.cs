using System.Text.Json;

namespace TimeSformer.Samples.Tests.Fixtures;

/// <summary>The parameter count of a divided space-time TimeSformer worked out from the shapes of the official
/// <c>vit.py</c>, given its configuration JSON in the official names: an independent check of what a sample prints.</summary>
internal static class OfficialParameterCount
{
    public static long Of(string officialJson)
    {
        using var json = JsonDocument.Parse(officialJson);
        var config = json.RootElement;
        long Int(string name) => config.GetProperty(name).GetInt64();
        Assert.AreEqual("divided_space_time", config.GetProperty("attention_type").GetString());
        long d = Int("embed_dim"), patch = Int("patch_size"), patches = (Int("img_size") / patch) * (Int("img_size") / patch);
        long hidden = (long)(d * config.GetProperty("mlp_ratio").GetDouble()), classes = Int("num_classes");
        long Linear(long inFeatures, long outFeatures) => inFeatures * outFeatures + outFeatures;
        long attention = Linear(d, 3 * d) + Linear(d, d);   // qkv (with bias) and proj
        long block = 2 * d + attention                          // norm1, attn
            + 2 * d + attention + Linear(d, d)                  // temporal_norm1, temporal_attn, temporal_fc
            + 2 * d + Linear(d, hidden) + Linear(hidden, d);    // norm2, mlp
        return 3 * patch * patch * d + d                        // patch_embed.proj (a convolution)
            + d + (patches + 1) * d + Int("num_frames") * d     // cls_token, pos_embed, time_embed
            + Int("depth") * block + 2 * d + Linear(d, classes); // blocks, norm, head
    }
}
