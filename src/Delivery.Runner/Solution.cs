namespace Delivery.Runner;

/// <summary>
/// A solution file and its projects, as NUKE's Solution: set on a field marked <see cref="SolutionAttribute"/>
/// (<c>[Solution] readonly Solution Solution;</c>). Converts to its path, so <c>dotnet build {Solution}</c> works.
/// </summary>
public sealed class Solution(AbsolutePath path, IReadOnlyList<Project> projects)
{
    /// <summary>The .sln or .slnx file.</summary>
    public AbsolutePath Path { get; } = path;

    /// <summary>The directory the solution file is in.</summary>
    public AbsolutePath Directory => Path.Parent;

    /// <summary>The file name without its extension, e.g. <c>Delivery</c>.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path.Value);

    /// <summary>The projects, in the order the file lists them; solution folders are left out.</summary>
    public IReadOnlyList<Project> Projects { get; } = projects;

    /// <summary>The project with this name (case ignored), or null.</summary>
    public Project? GetProject(string name) =>
        Projects.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));

    public static implicit operator string(Solution solution) => solution.Path.Value;
    public static implicit operator AbsolutePath(Solution solution) => solution.Path;

    public override string ToString() => Path.Value;
}

/// <summary>A project of a <see cref="Solution"/>: its name as the solution lists it and its project file.</summary>
public sealed record Project(string Name, AbsolutePath Path)
{
    /// <summary>The directory of the project file.</summary>
    public AbsolutePath Directory => Path.Parent;

    public static implicit operator string(Project project) => project.Path.Value;

    public override string ToString() => Path.Value;
}
