using System.Text.RegularExpressions;
using Delivery.Core.Values;

namespace Delivery.Docker;

/// <summary>
/// Reads the engine's push messages: per layer (id = the first 12 hex digits of its diff id) <c>Pushed</c>,
/// <c>Layer already exists</c> or <c>Mounted from …</c>, and at the end <c>&lt;tag&gt;: digest: sha256:… size: N</c>.
/// </summary>
internal sealed partial class PushOutput
{
    public HashSet<string> Pushed { get; } = [];
    public HashSet<string> Existing { get; } = [];
    public Digest? Digest { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Takes one message; returns a progress line worth showing, or null (byte counters are not).</summary>
    public string? Observe(string? id, string? status, string? error)
    {
        if (!string.IsNullOrEmpty(error))
        {
            Error = error;
            return null;
        }
        if (status is null) return null;
        if (id is not null && status == "Pushed") Pushed.Add(id);
        else if (id is not null && (status == "Layer already exists" || status.StartsWith("Mounted from", StringComparison.Ordinal))) Existing.Add(id);
        var digest = DigestPattern().Match(status);
        if (digest.Success) Digest = Core.Values.Digest.Parse(digest.Groups[1].Value);
        return status is "Pushing" or "Waiting" or "Preparing" ? null : id is null ? status : $"{id}: {status}";
    }

    [GeneratedRegex(@"digest: (sha256:[0-9a-f]{64}) size: \d+")]
    private static partial Regex DigestPattern();
}
