using Delivery.Core.Pipelines;

namespace Delivery.Pipelines;

/// <summary>The repository on disk, as <see cref="IConfigFiles"/> for the binders.</summary>
public sealed class DiskConfigFiles(string root) : IConfigFiles
{
    public string Root { get; } = Path.GetFullPath(root);

    public string? ReadText(string path) => FileExists(path) ? File.ReadAllText(Full(path)) : null;

    public bool FileExists(string path) => File.Exists(Full(path));

    public bool DirectoryExists(string path) => Directory.Exists(Full(path));

    private string Full(string path) => Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));
}
