namespace Delivery.Core.Pipelines;

/// <summary>
/// What validation may ask of the file system, relative to the repository root (forward slashes). The loader passes
/// the disk; tests pass a dictionary. Keeps the binders free of I/O.
/// </summary>
public interface IConfigFiles
{
    /// <summary>The file's text, or null when it does not exist.</summary>
    string? ReadText(string path);

    bool FileExists(string path);

    bool DirectoryExists(string path);
}
