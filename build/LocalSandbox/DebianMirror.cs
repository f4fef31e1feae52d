namespace LocalSandbox;

/// <summary>
/// The Debian mirror apt already uses on this machine (the only one known to be reachable), read from apt's sources:
/// the sources.list file and the *.list (one-line format) and *.sources (deb822) files of the sources.list.d folder that
/// apt-config names (sources.list(5)). The mirror is the first enabled <c>deb</c> entry for the suite's <c>main</c>
/// component, which leaves out security, updates-only and third-party repositories. No mirror is ever assumed.
/// </summary>
public static class DebianMirror
{
    public static async Task<string> FindAsync(string suite, CancellationToken cancellationToken)
    {
        var (list, parts) = await SourcesAsync(cancellationToken);
        var files = new List<string>();
        if (File.Exists(list))
            files.Add(list);
        if (Directory.Exists(parts))
            files.AddRange(Directory.GetFiles(parts).Where(f => f.EndsWith(".list") || f.EndsWith(".sources")).Order(StringComparer.Ordinal));
        return files.Select(f => In(File.ReadAllText(f), deb822: f.EndsWith(".sources"), suite)).FirstOrDefault(m => m is not null)
               ?? throw new InvalidOperationException(
                   $"Tried to find the Debian mirror for the {suite} base image but apt names none (no enabled 'deb' entry for {suite} main in {list} or {parts}*.list, *.sources)");
    }

    /// <summary>Where apt reads its sources: apt-config's Dir::Etc::SourceList and SourceParts, else apt's defaults.</summary>
    private static async Task<(string List, string Parts)> SourcesAsync(CancellationToken cancellationToken)
    {
        (string List, string Parts) defaults = ("/etc/apt/sources.list", "/etc/apt/sources.list.d/");
        if (ProcessRunner.Which("apt-config") is not { } aptConfig)
            return defaults;
        var result = await ProcessRunner.RunAsync(aptConfig, ["shell", "LIST", "Dir::Etc::SourceList/f", "PARTS", "Dir::Etc::SourceParts/d"], cancellationToken);
        return result.ExitCode == 0 ? Locations(result.Output, defaults) : defaults;
    }

    /// <summary>Reads apt-config shell's <c>NAME='value'</c> lines.</summary>
    public static (string List, string Parts) Locations(string aptConfigShell, (string List, string Parts) defaults)
    {
        var values = aptConfigShell.Split('\n').Select(l => l.Trim().Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('\''));
        return (values.GetValueOrDefault("LIST") ?? defaults.List, values.GetValueOrDefault("PARTS") ?? defaults.Parts);
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
