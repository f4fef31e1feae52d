using System.Text;
using System.Text.RegularExpressions;

namespace Delivery.Docker;

/// <summary>
/// <c>.dockerignore</c> with Docker's rules (moby/patternmatcher): one pattern per line, <c>#</c> comments, a leading
/// <c>/</c> ignored, <c>*</c> and <c>?</c> within one path segment, <c>**</c> across any number of segments,
/// <c>[…]</c> classes, <c>\</c> escapes, and <c>!</c> exceptions; the last matching line wins, and a pattern that
/// matches a folder excludes everything under it.
/// </summary>
public sealed class DockerIgnore
{
    private readonly IReadOnlyList<Rule> _rules;

    private sealed record Rule(string Text, Regex Pattern, bool Exception);

    private DockerIgnore(IReadOnlyList<Rule> rules) => _rules = rules;

    public static DockerIgnore Empty { get; } = new([]);

    public bool HasExceptions => _rules.Any(r => r.Exception);

    public static DockerIgnore Parse(string text)
    {
        var rules = new List<Rule>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var exception = line.StartsWith('!');
            if (exception) line = line[1..].Trim();
            line = Clean(line);
            if (line.Length == 0) continue;
            rules.Add(new Rule(line, new Regex(ToRegex(line), RegexOptions.CultureInvariant), exception));
        }
        return new DockerIgnore(rules);
    }

    public static DockerIgnore Load(string contextDirectory)
    {
        var file = Path.Combine(contextDirectory, ".dockerignore");
        return File.Exists(file) ? Parse(File.ReadAllText(file)) : Empty;
    }

    /// <summary>True when <paramref name="relativePath"/> (forward slashes) is left out of the build context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var excluded = false;
        var parents = ParentsAndSelf(relativePath);
        foreach (var rule in _rules)
        {
            if (parents.Any(rule.Pattern.IsMatch)) excluded = !rule.Exception;
        }
        return excluded;
    }

    /// <summary>
    /// Whether a walk must enter an excluded folder: only when some exception could re-include something under it
    /// (Docker walks it in that case too).
    /// </summary>
    public bool MayReincludeUnder(string relativeFolder) =>
        _rules.Any(r => r.Exception && (r.Text.StartsWith(relativeFolder + "/", StringComparison.Ordinal) || r.Text.Contains('*') || r.Text.Contains('?') || r.Text.Contains('[')));

    private static List<string> ParentsAndSelf(string path)
    {
        var result = new List<string>();
        var index = -1;
        while ((index = path.IndexOf('/', index + 1)) >= 0) result.Add(path[..index]);
        result.Add(path);
        return result;
    }

    // filepath.Clean as Docker applies it: collapse separators and "." segments, drop a leading "/".
    private static string Clean(string pattern)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == ".." && segments.Count > 0 && segments[^1] != "..") segments.RemoveAt(segments.Count - 1);
            else segments.Add(segment);
        }
        return string.Join('/', segments);
    }

    internal static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        regex.Append("(.*/)?"); // "**/" matches zero or more whole folders
                    }
                    else
                    {
                        regex.Append(".*");
                    }
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0) { regex.Append("\\["); break; }
                    var body = pattern[(i + 1)..end];
                    if (body.StartsWith('!')) body = "^" + body[1..];
                    regex.Append('[').Append(body.Replace("\\", "\\\\")).Append(']');
                    i = end;
                    break;
                case '\\' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return regex.Append('$').ToString();
    }
}
