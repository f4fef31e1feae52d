namespace LocalSandbox;

/// <summary>
/// The Debian mirror apt already uses on this machine (the only one known to be reachable), read from apt's sources:
/// /etc/apt/sources.list and /etc/apt/sources.list.d/*.list (one-line format) and *.sources (deb822), the files and
/// formats sources.list(5) describes. The mirror is the first enabled <c>deb</c> entry for the suite's <c>main</c>
/// component, which leaves out security, updates-only and third-party repositories. No mirror is ever assumed.
/// </summary>
public static class DebianMirror
{
    private const string SourcesList = "/etc/apt/sources.list";
    private const string SourcesParts = "/etc/apt/sources.list.d";

    public static string Find(string suite)
    {
        var files = new List<string>();
        if (File.Exists(SourcesList))
            files.Add(SourcesList);
        if (Directory.Exists(SourcesParts))
            files.AddRange(Directory.GetFiles(SourcesParts).Where(f => f.EndsWith(".list") || f.EndsWith(".sources")).Order(StringComparer.Ordinal));
        return files.Select(f => In(File.ReadAllText(f), deb822: f.EndsWith(".sources"), suite)).FirstOrDefault(m => m is not null)
               ?? throw new InvalidOperationException(
                   $"Tried to find the Debian mirror for the {suite} base image but apt names none (no enabled 'deb' entry for {suite} main in {SourcesList} or {SourcesParts}/*.list, *.sources)");
    }

    /// <summary>The mirror for <paramref name="suite"/> in one sources file, without a trailing slash; null when it names none.</summary>
    public static string? In(string text, bool deb822, string suite) =>
        (deb822 ? Deb822Entries(text) : OneLineEntries(text))
        .FirstOrDefault(e => e.Types.Contains("deb") && e.Suites.Contains(suite) && e.Components.Contains("main"))
        ?.Uri.TrimEnd('/');

    private sealed record Entry(IReadOnlyList<string> Types, string Uri, IReadOnlyList<string> Suites, IReadOnlyList<string> Components);

    // "deb [ option=value … ] uri suite component…"; '#' starts a comment.
    private static IEnumerable<Entry> OneLineEntries(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
                continue;
            var close = line.IndexOf(']');
            var rest = line.IndexOf('[') is var open and >= 0 && close > open ? line[..open] + " " + line[(close + 1)..] : line;
            var words = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 3)
                yield return new Entry([words[0]], words[1], [words[2]], words[3..]);
        }
    }

    // Stanzas of "Field: value" lines, separated by blank lines; a line starting with white space continues a value.
    private static IEnumerable<Entry> Deb822Entries(string text)
    {
        foreach (var stanza in Stanzas(text))
        {
            string[] Words(string field) => stanza.TryGetValue(field, out var v) ? v.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
            if (stanza.TryGetValue("Enabled", out var enabled) && enabled.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
                continue;
            foreach (var uri in Words("URIs"))
                yield return new Entry(Words("Types"), uri, Words("Suites"), Words("Components"));
        }
    }

    private static IEnumerable<Dictionary<string, string>> Stanzas(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')).Append(""))
        {
            if (line.StartsWith('#'))
                continue;
            if (line.Trim().Length == 0)
            {
                if (fields.Count > 0)
                    yield return fields;
                fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                last = null;
            }
            else if (char.IsWhiteSpace(line[0]) && last is not null)
                fields[last] += "\n" + line.Trim();
            else if (line.IndexOf(':') is var colon and > 0)
                fields[last = line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }
}
