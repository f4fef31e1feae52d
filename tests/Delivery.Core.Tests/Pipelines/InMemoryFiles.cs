using Delivery.Core.Pipelines;

namespace Delivery.Core.Tests.Pipelines;

/// <summary>A repository as a dictionary of path → text; folders exist when some file lies below them.</summary>
internal sealed class InMemoryFiles(Dictionary<string, string> files) : IConfigFiles
{
    public string? ReadText(string path) => files.GetValueOrDefault(path);

    public bool FileExists(string path) => files.ContainsKey(path);

    public bool DirectoryExists(string path) => files.Keys.Any(f => f.StartsWith(path + "/", StringComparison.Ordinal));
}
