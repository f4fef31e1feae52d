using System.Text.RegularExpressions;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>
/// The <c>label</c> query of GET /v2/apps (LabelSelectorParsers.scala): terms joined by commas, all must hold:
/// <c>key</c> (exists), <c>key==v</c>, <c>key!=v</c>, <c>key in (a,b)</c>, <c>key notin (a,b)</c>.
/// </summary>
public static partial class LabelSelector
{
    public static Func<IReadOnlyDictionary<string, string>, bool> Parse(string selector)
    {
        var terms = SplitTerms(selector).Select(ParseTerm).ToList();
        return labels => terms.All(t => t(labels));
    }

    private static IEnumerable<string> SplitTerms(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            if (selector[i] == '(') depth++;
            else if (selector[i] == ')') depth--;
            else if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i].Trim();
                start = i + 1;
            }
        }
        if (start < selector.Length) yield return selector[start..].Trim();
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term)
    {
        if (SetTerm().Match(term) is { Success: true } set)
        {
            var key = set.Groups["key"].Value;
            var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries).ToHashSet();
            var notIn = set.Groups["op"].Value == "notin";
            return labels => labels.TryGetValue(key, out var v) ? values.Contains(v) != notIn : notIn;
        }
        if (CompareTerm().Match(term) is { Success: true } compare)
        {
            var key = compare.Groups["key"].Value;
            var value = compare.Groups["value"].Value.Trim();
            return compare.Groups["op"].Value == "!="
                ? labels => !labels.TryGetValue(key, out var v) || v != value
                : labels => labels.TryGetValue(key, out var v) && v == value;
        }
        var exists = term.Trim();
        return labels => labels.ContainsKey(exists);
    }

    [GeneratedRegex(@"^\s*(?<key>[^\s!=]+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)\s*$")]
    private static partial Regex SetTerm();

    [GeneratedRegex(@"^\s*(?<key>[^\s!=]+)\s*(?<op>==|!=)\s*(?<value>.*)$")]
    private static partial Regex CompareTerm();
}
