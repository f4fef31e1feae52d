namespace LocalSandbox;

/// <summary>The Debian mirror apt already uses here (the only one reachable), read from /etc/apt/sources.list(.d).</summary>
public static class DebianMirror
{
    public const string Fallback = "http://deb.debian.org/debian";

    public static string Find()
    {
        var files = new List<string>();
        if (File.Exists("/etc/apt/sources.list"))
            files.Add("/etc/apt/sources.list");
        if (Directory.Exists("/etc/apt/sources.list.d"))
            files.AddRange(Directory.GetFiles("/etc/apt/sources.list.d").Where(f => f.EndsWith(".sources") || f.EndsWith(".list")).Order());
        foreach (var line in files.SelectMany(File.ReadLines).Select(l => l.Trim()))
        {
            // deb822: "URIs: http://…/debian"; one-line: "deb [opts] http://…/debian bookworm main".
            var uri = line.StartsWith("URIs:", StringComparison.OrdinalIgnoreCase)
                ? line[5..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
                : line.StartsWith("deb ") ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(t => t.Contains("://")) : null;
            if (uri is not null && !uri.Contains("security") && uri.TrimEnd('/').EndsWith("/debian", StringComparison.Ordinal))
                return uri.TrimEnd('/');
        }
        return Fallback;
    }
}
