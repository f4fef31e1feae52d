namespace Delivery.Core.Values;

/// <summary>A full 40-digit git commit id.</summary>
public sealed record CommitId
{
    public string Value { get; }

    public CommitId(string value)
    {
        if (value is null || value.Length != 40 || !value.All(Uri.IsHexDigit))
            throw new FormatException($"'{value}' is not a commit id: expected 40 hex digits.");
        Value = value.ToLowerInvariant();
    }

    public string Short => Value[..12];

    public override string ToString() => Value;
}
