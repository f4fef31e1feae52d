namespace Delivery.Runner.Git;

/// <summary>
/// Reads refs the way git stores them: loose files (<c>HEAD</c> and per-worktree refs in the worktree's own
/// directory, the rest in the common one), then <c>packed-refs</c>, whose <c>^</c> lines give the commit an
/// annotated tag points at (gitrepository-layout(5)). Objects are never read, so a loose annotated tag
/// resolves to its tag object, not to a commit.
/// </summary>
internal sealed class GitRefs
{
    readonly GitDirectory _git;
    readonly Dictionary<string, string> _packed = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _peeled = new(StringComparer.Ordinal);

    public GitRefs(GitDirectory git)
    {
        _git = git;
        ReadPackedRefs(Path.Combine(git.CommonDir, "packed-refs"));
    }

    /// <summary>The branch HEAD is on (null when detached) and the commit it points at (null before the first commit).</summary>
    public (string? Branch, string? Commit) Head()
    {
        var head = ReadLoose("HEAD") ?? throw new IOException($"'{Path.Combine(_git.GitDir, "HEAD")}' is missing.");
        if (!head.StartsWith("ref:", StringComparison.Ordinal))
            return (null, head);
        var target = head[4..].Trim();
        var branch = target.StartsWith("refs/heads/", StringComparison.Ordinal) ? target["refs/heads/".Length..] : target;
        return (branch, Resolve(target));
    }

    /// <summary>The commit a ref names, following symbolic refs; null when it does not exist (yet).</summary>
    public string? Resolve(string name)
    {
        for (var depth = 0; depth < 10; depth++)
        {
            var value = ReadLoose(name) ?? _packed.GetValueOrDefault(name);
            if (value is null || !value.StartsWith("ref:", StringComparison.Ordinal))
                return value;
            name = value[4..].Trim();
        }
        throw new IOException($"the symbolic ref '{name}' points at itself.");
    }

    /// <summary>Every tag whose commit is <paramref name="commit"/>, sorted by name.</summary>
    public IReadOnlyList<string> TagsAt(string commit)
    {
        var names = new HashSet<string>(_packed.Keys.Where(IsTag), StringComparer.Ordinal);
        var loose = Path.Combine(_git.CommonDir, "refs", "tags");
        if (Directory.Exists(loose))
        {
            foreach (var file in Directory.EnumerateFiles(loose, "*", SearchOption.AllDirectories))
                names.Add("refs/tags/" + Path.GetRelativePath(loose, file).Replace('\\', '/'));
        }
        return names
            .Where(name => (_peeled.GetValueOrDefault(name) ?? Resolve(name)) == commit)
            .Select(name => name["refs/tags/".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    static bool IsTag(string name) => name.StartsWith("refs/tags/", StringComparison.Ordinal);

    string? ReadLoose(string name)
    {
        foreach (var directory in new[] { _git.GitDir, _git.CommonDir })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
                return File.ReadAllText(path).Trim();
        }
        return null;
    }

    void ReadPackedRefs(string path)
    {
        if (!File.Exists(path))
            return;
        string? last = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (line[0] == '^')
            {
                if (last is not null)
                    _peeled[last] = line[1..];
                continue;
            }
            var space = line.IndexOf(' ');
            if (space <= 0)
                continue;
            last = line[(space + 1)..];
            _packed[last] = line[..space];
        }
    }
}
