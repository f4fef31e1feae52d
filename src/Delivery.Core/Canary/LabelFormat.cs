using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>
/// How values are written into Marathon labels (string to string): times as Unix seconds, releases as
/// <c>commit[-dirty] image@digest</c>. Parsers return false on anything odd rather than throwing, because labels
/// can be edited by hand or half-written by an older version.
/// </summary>
internal static class LabelFormat
{
    /// <summary>Reason texts are cut here: labels are re-sent on every app write, so they stay small.</summary>
    public const int MaxTextLength = 300;

    public static string Time(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static bool TryTime(string? text, out DateTimeOffset at)
    {
        at = default;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799) return false;
        at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static bool TryInt(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static string Release(Release release) => $"{Values.Release.TagFor(release.Commit, release.Dirty)} {release.Image}";

    public static bool TryRelease(string? text, string pipeline, [NotNullWhen(true)] out Release? release)
    {
        release = null;
        var parts = text?.Split(' ');
        if (parts is not { Length: 2 }) return false;
        var dirty = parts[0].EndsWith("-dirty", StringComparison.Ordinal);
        var commitText = dirty ? parts[0][..^6] : parts[0];
        if (commitText.Length != 40 || !commitText.All(Uri.IsHexDigit)) return false;
        if (!ImageReference.TryParse(parts[1], out var image) || image.Digest is null) return false;
        release = new Release(pipeline, new CommitId(commitText), image, dirty);
        return true;
    }

    public static string Reason(CanaryReason reason)
    {
        var text = $"{reason.Code}: {reason.Message}";
        return text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…";
    }

    public static bool TryReason(string? text, [NotNullWhen(true)] out CanaryReason? reason)
    {
        reason = null;
        var colon = text?.IndexOf(": ", StringComparison.Ordinal) ?? -1;
        if (colon <= 0) return false;
        reason = new CanaryReason(text![..colon], text[(colon + 2)..]);
        return true;
    }

    public static bool TryZone(string? text, [NotNullWhen(true)] out Zone? zone) => Zone.TryParse(text, out zone);
}
