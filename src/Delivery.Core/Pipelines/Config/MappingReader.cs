namespace Delivery.Core.Pipelines.Config;

/// <summary>
/// Reads the keys of one mapping against a fixed list of known keys: unknown keys are reported at once (with a
/// "did you mean"), required keys that are missing are reported at the mapping's own position.
/// </summary>
public sealed class MappingReader
{
    private readonly ConfigMapping _mapping;
    private readonly ConfigErrors _errors;
    private readonly string _section;

    /// <param name="section">How the mapping is named in messages, e.g. <c>image</c> or <c>the pipeline</c>.</param>
    public MappingReader(ConfigMapping mapping, ConfigErrors errors, IReadOnlyList<string> knownKeys, string section)
    {
        (_mapping, _errors, _section) = (mapping, errors, section);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            if (!seen.Add(key))
                errors.Add(entry.Key.Span, $"duplicate key '{key}' in {section}", "each key once");
            else if (!knownKeys.Contains(key))
            {
                var hint = DidYouMean.Suggest(key, knownKeys);
                var problem = $"unknown key '{key}' in {section}" + (hint is null ? "" : $" (did you mean '{hint}'?)");
                errors.Add(entry.Key.Span, problem, "one of " + string.Join(", ", knownKeys));
            }
        }
    }

    public SourceSpan Span => _mapping.Span;

    /// <summary>Reads a mapping node, or reports it is not one and returns null.</summary>
    public static MappingReader? Of(ConfigNode node, ConfigErrors errors, IReadOnlyList<string> knownKeys, string section)
    {
        if (node is ConfigMapping mapping) return new MappingReader(mapping, errors, knownKeys, section);
        errors.Add(node.Span, $"{section} is {node.Describe()}", "a mapping with keys " + string.Join(", ", knownKeys));
        return null;
    }

    /// <summary>The value of a key, or null when absent (reported when <paramref name="required"/>) or written empty.</summary>
    public ConfigNode? Get(string key, bool required = false, string? expected = null)
    {
        var entry = _mapping.Find(key);
        if (entry is null || entry.Value is ConfigScalar { IsNull: true })
        {
            if (required)
                _errors.Add(entry?.Value.Span ?? _mapping.Span, $"{_section} has no '{key}'", expected ?? $"a value for '{key}'");
            return null;
        }
        return entry.Value;
    }

    public string? Text(string key, bool required = false, string expected = "text") =>
        Get(key, required, expected) is { } node ? ConfigValues.Text(node, _errors, expected) : null;

    public int? Integer(string key, int min, int max = int.MaxValue, bool required = false) =>
        Get(key, required, $"a whole number of at least {min}") is { } node ? ConfigValues.Integer(node, _errors, min, max) : null;

    public double? Number(string key, bool required = false) =>
        Get(key, required, "a number") is { } node ? ConfigValues.Number(node, _errors) : null;

    public bool? Boolean(string key) =>
        Get(key) is { } node ? ConfigValues.Boolean(node, _errors) : null;

    public TimeSpan? Duration(string key, bool required = false) =>
        Get(key, required, ConfigValues.DurationExpected) is { } node ? ConfigValues.Duration(node, _errors) : null;

    public double? Percentage(string key, double min = 0, double max = 100) =>
        Get(key) is { } node ? ConfigValues.Percentage(node, _errors, min, max) : null;

    /// <summary>An absolute http(s) URL.</summary>
    public Uri? Url(string key, bool required = false)
    {
        const string expected = "an absolute http:// or https:// URL";
        if (Get(key, required, expected) is not { } node || ConfigValues.Text(node, _errors, expected) is not { } text) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
        _errors.Add(node.Span, $"'{text}' is not a URL", expected);
        return null;
    }

    public ConfigSequence? Sequence(string key, bool required = false, string expected = "a list")
    {
        if (Get(key, required, expected) is not { } node) return null;
        if (node is ConfigSequence sequence) return sequence;
        _errors.Add(node.Span, $"'{key}' is {node.Describe()}", expected);
        return null;
    }

    public MappingReader? Mapping(string key, IReadOnlyList<string> knownKeys, bool required = false) =>
        Get(key, required, "a mapping") is { } node ? Of(node, _errors, knownKeys, key) : null;
}
