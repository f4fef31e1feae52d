using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Tests.Marathon.Support;

/// <summary>Reads shared/fixtures/marathon, found by walking up from the test's base directory.</summary>
public static class Fixtures
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "marathon");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"No shared/fixtures/marathon above {AppContext.BaseDirectory}");
    });

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder.Value, name));

    public static JsonNode Json(string name) => JsonNode.Parse(Text(name))!;
}
