using System.Security.Cryptography;

namespace Delivery.Core.Values;

/// <summary>A content digest as registries write it: <c>sha256:</c> and 64 lowercase hex digits.</summary>
public sealed record Digest
{
    public string Algorithm { get; }
    public string Hex { get; }

    private Digest(string algorithm, string hex) => (Algorithm, Hex) = (algorithm, hex);

    public static Digest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw new FormatException($"'{text}' is not a digest: expected sha256: and 64 hex digits.");

    public static bool TryParse(string? text, out Digest digest)
    {
        digest = null!;
        if (text is null || !text.StartsWith("sha256:", StringComparison.Ordinal)) return false;
        var hex = text[7..];
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit)) return false;
        digest = new Digest("sha256", hex.ToLowerInvariant());
        return true;
    }

    /// <summary>The digest of exact bytes, as a registry computes it for a manifest or blob.</summary>
    public static Digest Of(ReadOnlySpan<byte> content) => new("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));

    /// <summary>The first 12 hex digits, as Docker shows ids; for humans only, never for lookups.</summary>
    public string Short => Hex[..12];

    public override string ToString() => $"{Algorithm}:{Hex}";
}
