namespace Delivery.Core.Pipelines.Config;

/// <summary>One problem in a configuration file, printed as <c>file:line:col: what is wrong; expected what</c>.</summary>
public sealed record ConfigError(SourceSpan Span, string Problem, string Expected)
{
    public override string ToString() => $"{Span}: {Problem}; expected {Expected}";
}

/// <summary>
/// Collects every problem of a validation pass instead of stopping at the first, so a user fixes a file in one go.
/// </summary>
public sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> Items => _errors;

    public bool Any => _errors.Count > 0;

    /// <summary>By file, line and column, without repeats: the order a user fixes them in.</summary>
    public IReadOnlyList<ConfigError> Sorted => _errors
        .OrderBy(e => e.Span.File, StringComparer.Ordinal).ThenBy(e => e.Span.Line).ThenBy(e => e.Span.Column)
        .Distinct().ToList();

    public void Add(SourceSpan span, string problem, string expected) => _errors.Add(new ConfigError(span, problem, expected));

    public void AddRange(ConfigErrors other) => _errors.AddRange(other._errors);

    /// <summary>
    /// Throws one <see cref="DeliveryException"/> whose message has one line per error, sorted by place, so the
    /// first line alone names a file, a position and the fix.
    /// </summary>
    public void ThrowIfAny()
    {
        if (!Any) return;
        throw new DeliveryException(string.Join('\n', Sorted.Select(e => e.ToString())));
    }
}
