namespace Delivery.Core.Pipelines.Config;

/// <summary>
/// A configuration document as a tree of mappings, sequences and scalars, each with the place it was written.
/// YAML (read by the adapter) and JSON (read here) both land in this shape, so validation is written once, is pure,
/// and can point at <c>file:line:col</c> for every error.
/// </summary>
public abstract record ConfigNode(SourceSpan Span)
{
    /// <summary>What the node is, in words for error messages ("a mapping", "a list", "the text 'x'").</summary>
    public abstract string Describe();
}

/// <summary>A leaf value. <paramref name="Quoted"/> is true for quoted YAML scalars and JSON strings: they are text, never numbers.</summary>
public sealed record ConfigScalar(SourceSpan Span, string Value, bool Quoted) : ConfigNode(Span)
{
    /// <summary>YAML's null spellings (an empty value included) and JSON's <c>null</c>, when not quoted.</summary>
    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "an empty value" : $"'{Value}'";
}

public sealed record ConfigEntry(ConfigScalar Key, ConfigNode Value);

public sealed record ConfigMapping(SourceSpan Span, IReadOnlyList<ConfigEntry> Entries) : ConfigNode(Span)
{
    public ConfigEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key.Value == key);

    public override string Describe() => "a mapping";
}

public sealed record ConfigSequence(SourceSpan Span, IReadOnlyList<ConfigNode> Items) : ConfigNode(Span)
{
    public override string Describe() => "a list";
}
