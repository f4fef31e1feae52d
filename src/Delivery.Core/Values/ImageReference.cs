using System.Text.RegularExpressions;

namespace Delivery.Core.Values;

/// <summary>
/// A container image reference: <c>[registry/]repository[:tag][@digest]</c>, e.g.
/// <c>123456789012.dkr.ecr.us-east-1.amazonaws.com/games/lobby@sha256:…</c>. Releases are deployed by digest;
/// the tag only names the commit it was baked from.
/// </summary>
public sealed partial record ImageReference(string? Registry, string Repository, string? Tag, Digest? Digest)
{
    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference) ? reference
            : throw new FormatException($"'{text}' is not an image reference: expected [registry/]repository[:tag][@sha256:…].");

    public static bool TryParse(string? text, out ImageReference reference)
    {
        reference = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        Digest? digest = null;
        var rest = text;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            if (!Digest.TryParse(rest[(at + 1)..], out var parsed)) return false;
            digest = parsed;
            rest = rest[..at];
        }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag)) return false;
        }
        string? registry = null;
        var slash = rest.IndexOf('/');
        if (slash > 0 && LooksLikeRegistry(rest[..slash]))
        {
            registry = rest[..slash];
            rest = rest[(slash + 1)..];
        }
        if (!RepositoryPattern().IsMatch(rest)) return false;
        reference = new ImageReference(registry, rest, tag, digest);
        return true;
    }

    // Docker's rule: the first component is a registry when it has a dot or a port, or is "localhost".
    private static bool LooksLikeRegistry(string component) =>
        component.Contains('.') || component.Contains(':') || component == "localhost";

    /// <summary>The same image, pinned to a digest and without a tag: what Marathon is given.</summary>
    public ImageReference Pinned(Digest digest) => this with { Tag = null, Digest = digest };

    public ImageReference WithTag(string tag) => this with { Tag = tag };

    /// <summary><c>registry/repository</c>, without tag or digest.</summary>
    public string Name => Registry is null ? Repository : $"{Registry}/{Repository}";

    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
