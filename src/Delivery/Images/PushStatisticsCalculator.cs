using System.Text.Json;
using Delivery.Docker;

namespace Delivery.Images;

/// <summary>
/// Turns the engine's per-layer verdicts into byte counts. The engine names a layer by the first 12 hex digits of its
/// diff id; the manifest lists compressed sizes in the same order as the image's diff ids (rootfs.diff_ids), so the
/// i-th manifest layer is the i-th diff id.
/// </summary>
public static class PushStatisticsCalculator
{
    public static PushStatistics From(PushResult push, string manifestJson)
    {
        using var manifest = JsonDocument.Parse(manifestJson);
        var layers = manifest.RootElement.TryGetProperty("layers", out var l) ? l.EnumerateArray().ToList() : [];
        long uploaded = 0, total = 0;
        int blobsUploaded = 0, blobsSkipped = 0;
        for (var i = 0; i < layers.Count; i++)
        {
            var size = layers[i].GetProperty("size").GetInt64();
            total += size;
            var shortId = i < push.DiffIds.Count ? ShortId(push.DiffIds[i]) : null;
            if (shortId is not null && push.PushedLayers.Contains(shortId))
            {
                uploaded += size;
                blobsUploaded++;
            }
            else
            {
                blobsSkipped++;
            }
        }
        // The config blob goes up whenever a layer did (it names them all); when none did, it was already there too.
        if (manifest.RootElement.TryGetProperty("config", out var config) && config.TryGetProperty("size", out var configSize))
        {
            total += configSize.GetInt64();
            if (blobsUploaded > 0) { uploaded += configSize.GetInt64(); blobsUploaded++; }
            else blobsSkipped++;
        }
        return new PushStatistics(uploaded, blobsUploaded, blobsSkipped, total);
    }

    /// <summary><c>sha256:abcdef…</c> → <c>abcdef012345</c>, as the engine's progress ids read.</summary>
    public static string ShortId(string diffId)
    {
        var hex = diffId.Contains(':') ? diffId[(diffId.IndexOf(':') + 1)..] : diffId;
        return hex.Length > 12 ? hex[..12] : hex;
    }
}
