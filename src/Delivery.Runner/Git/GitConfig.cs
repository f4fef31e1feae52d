namespace Delivery.Runner.Git;

/// <summary>
/// The few values the runner needs from a repository's <c>config</c>: <c>[remote "origin"] url</c> and
/// <c>[branch "main"] remote/merge</c>. Keys are <c>section.subsection.name</c>; section and name ignore case,
/// the subsection does not (git-config(1), "Syntax"). Includes are not followed.
/// </summary>
internal sealed class GitConfig
{
    readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    readonly List<string> _remotes = [];

    public static GitConfig Read(string path)
    {
        var config = new GitConfig();
        if (File.Exists(path))
            config.Parse(File.ReadLines(path));
        return config;
    }

    /// <summary>The remotes in the order the file declares them.</summary>
    public IReadOnlyList<string> Remotes => _remotes;

    public string? Get(string section, string? subsection, string name) =>
        _values.GetValueOrDefault(Key(section, subsection, name));

    void Parse(IEnumerable<string> lines)
    {
        string? section = null, subsection = null;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            if (line[0] == '[' && line.IndexOf(']') is var close and > 0)
            {
                var header = line[1..close].Trim();
                var quote = header.IndexOf('"');
                section = (quote < 0 ? header : header[..quote]).Trim();
                subsection = quote < 0 ? null : header[(quote + 1)..].TrimEnd('"');
                if (section.Equals("remote", StringComparison.OrdinalIgnoreCase) && subsection is not null && !_remotes.Contains(subsection))
                    _remotes.Add(subsection);
                continue;
            }
            if (section is null)
                continue;
            var equals = line.IndexOf('=');
            var name = (equals < 0 ? line : line[..equals]).Trim();
            var value = equals < 0 ? "true" : Value(line[(equals + 1)..]);
            _values[Key(section, subsection, name)] = value;
        }
    }

    // A value may be quoted and may end in a comment; quotes protect '#' and ';'.
    static string Value(string text)
    {
        var result = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in text.Trim())
        {
            if (c == '"') { quoted = !quoted; continue; }
            if (!quoted && c is '#' or ';') break;
            result.Append(c);
        }
        return result.ToString().Trim();
    }

    static string Key(string section, string? subsection, string name) =>
        $"{section.ToLowerInvariant()}.{subsection}.{name.ToLowerInvariant()}";
}
