using System.Text;

namespace Delivery.Core.Analysis;

/// <summary>One label matcher of a PromQL selector: <c>name op "value"</c>, op one of <c>= != =~ !~</c>.</summary>
public sealed record PromMatcher(string Label, string Op, string Value)
{
    public override string ToString() => $"{Label}{Op}\"{PromSelector.Escape(Value)}\"";
}

/// <summary>
/// A PromQL instant-vector selector (<c>metric{label="value",...}</c>): the part of a query a pipeline writes, to which
/// the engine adds the matchers that pick one pipeline's tracks. Parsing is limited to selectors on purpose: a full
/// PromQL parser is not needed to inject matchers safely, and anything else is refused with the column of the problem.
/// </summary>
public sealed record PromSelector(string Metric, IReadOnlyList<PromMatcher> Matchers)
{
    public PromSelector With(params PromMatcher[] more) => this with { Matchers = [.. Matchers, .. more] };

    public override string ToString() =>
        Matchers.Count == 0 ? Metric : $"{Metric}{{{string.Join(", ", Matchers.Select(m => m.ToString()))}}}";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what was expected and at which 0-based offset.</summary>
    public static bool TryParse(string text, out PromSelector selector, out (int Offset, string Problem) error)
    {
        selector = new PromSelector("", []);
        error = default;
        var at = 0;
        SkipSpace(text, ref at);
        var start = at;
        while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] is '_' or ':')) at++;
        var metric = text[start..at];
        if (metric.Length == 0 || char.IsAsciiDigit(metric[0]))
            return Fail(out error, start, "a metric name such as lobby_http_requests_total");
        var matchers = new List<PromMatcher>();
        SkipSpace(text, ref at);
        if (at < text.Length && text[at] == '{')
        {
            at++;
            while (true)
            {
                SkipSpace(text, ref at);
                if (at < text.Length && text[at] == '}') { at++; break; }
                var labelStart = at;
                while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] == '_')) at++;
                var label = text[labelStart..at];
                if (label.Length == 0 || char.IsAsciiDigit(label[0])) return Fail(out error, labelStart, "a label name");
                SkipSpace(text, ref at);
                var op = at + 1 < text.Length && text.Substring(at, 2) is "=~" or "!=" or "!~" ? text.Substring(at, 2)
                    : at < text.Length && text[at] == '=' ? "=" : null;
                if (op is null) return Fail(out error, at, "one of = != =~ !~ after the label name");
                at += op.Length;
                SkipSpace(text, ref at);
                if (at >= text.Length || text[at] is not ('"' or '\'')) return Fail(out error, at, "a quoted label value");
                if (ReadString(text, ref at) is not { } value) return Fail(out error, at, "a closing quote");
                matchers.Add(new PromMatcher(label, op, value));
                SkipSpace(text, ref at);
                if (at < text.Length && text[at] == ',') { at++; continue; }
                if (at < text.Length && text[at] == '}') { at++; break; }
                return Fail(out error, at, "',' or '}' after a matcher");
            }
        }
        SkipSpace(text, ref at);
        if (at != text.Length) return Fail(out error, at, "nothing after the selector (write only metric{label=\"value\"}: the engine adds sum, rate and the window)");
        selector = new PromSelector(metric, matchers);
        return true;
    }

    /// <summary>A regex that matches exactly one of <paramref name="values"/> (RE2 syntax, as Prometheus uses).</summary>
    public static string AnyOf(IEnumerable<string> values) =>
        string.Join('|', values.Select(v => string.Concat(v.Select(c => "\\.+*?()|[]{}^$".Contains(c) ? "\\" + c : c.ToString()))));

    internal static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static bool Fail(out (int, string) error, int offset, string expected)
    {
        error = (offset, expected);
        return false;
    }

    private static void SkipSpace(string text, ref int at)
    {
        while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
    }

    private static string? ReadString(string text, ref int at)
    {
        var quote = text[at++];
        var value = new StringBuilder();
        while (at < text.Length && text[at] != quote)
        {
            if (text[at] == '\\' && at + 1 < text.Length)
            {
                at++;
                value.Append(text[at] switch { 'n' => '\n', 't' => '\t', var c => c });
            }
            else value.Append(text[at]);
            at++;
        }
        if (at >= text.Length) return null;
        at++;
        return value.ToString();
    }
}
