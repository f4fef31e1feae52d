using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Delivery.Runner.Solutions;

/// <summary>
/// Reads the projects of a solution: the classic .sln text format (<c>Project("{type}") = "Name", "path", "{id}"</c>
/// lines, solution folders left out) and the XML .slnx format (<c>&lt;Project Path="…" /&gt;</c>).
/// </summary>
internal static partial class SolutionReader
{
    // The project type of a solution folder, which groups projects and is not one.
    const string SolutionFolderType = "2150E333-8FDC-42A3-9474-1A3956D46DE8";

    /// <summary>The solution file the attribute names, else the only one in <paramref name="root"/>.</summary>
    /// <exception cref="IOException">No solution file, several, or one that cannot be read.</exception>
    public static Solution Find(AbsolutePath root, string? relativePath)
    {
        if (relativePath is not null)
            return Read(root / relativePath);
        // Filtered by extension rather than by pattern: on Windows "*.sln" also matches ".slnx".
        var candidates = Directory.EnumerateFiles(root)
            .Where(x => Path.GetExtension(x).ToLowerInvariant() is ".sln" or ".slnx")
            .Order(StringComparer.Ordinal)
            .ToList();
        return candidates.Count switch
        {
            1 => Read(new AbsolutePath(candidates[0])),
            0 => throw new IOException($"there is no .sln or .slnx file in '{root}'; name one with [Solution(\"path\")]."),
            _ => throw new IOException($"'{root}' holds several solutions ({string.Join(", ", candidates.Select(Path.GetFileName))}); name one with [Solution(\"path\")]."),
        };
    }

    public static Solution Read(AbsolutePath path)
    {
        if (!File.Exists(path))
            throw new IOException($"the solution file '{path}' does not exist.");
        var directory = path.Parent;
        var projects = path.Value.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
            ? XDocument.Load(path.Value).Descendants("Project")
                .Select(x => (string?)x.Attribute("Path"))
                .OfType<string>()
                .Select(x => Project(Path.GetFileNameWithoutExtension(x), directory, x))
            : File.ReadLines(path)
                .Select(line => ProjectLine().Match(line))
                .Where(match => match.Success && !match.Groups["type"].Value.Equals(SolutionFolderType, StringComparison.OrdinalIgnoreCase))
                .Select(match => Project(match.Groups["name"].Value, directory, match.Groups["path"].Value));
        return new Solution(path, projects.ToList());
    }

    // Solution files written on Windows separate folders with '\'.
    static Project Project(string name, AbsolutePath directory, string relativePath) =>
        new(name, directory / relativePath.Replace('\\', Path.DirectorySeparatorChar));

    [GeneratedRegex("""^Project\("\{(?<type>[^}]+)\}"\)\s*=\s*"(?<name>[^"]+)",\s*"(?<path>[^"]+)",""")]
    private static partial Regex ProjectLine();
}
