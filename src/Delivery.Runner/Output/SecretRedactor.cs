namespace Delivery.Runner.Output;

/// <summary>Replaces the values of secret parameters with <c>[secret]</c> wherever they appear in text.</summary>
internal sealed class SecretRedactor
{
    public const string Mask = "[secret]";

    // Longest first, so that a secret containing another one is masked whole.
    readonly List<string> _values = [];

    public void Add(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || _values.Contains(value))
            return;
        _values.Add(value);
        _values.Sort((a, b) => b.Length.CompareTo(a.Length));
    }

    public string Redact(string text)
    {
        foreach (var value in _values)
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        return text;
    }
}
