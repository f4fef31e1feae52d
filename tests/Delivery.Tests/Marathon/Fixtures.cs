namespace Delivery.Tests.Marathon;

/// <summary>The shared Marathon fixtures: found by walking up from the test's base directory to the folder with shared/fixtures.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "marathon");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("No shared/fixtures/marathon above " + AppContext.BaseDirectory);
    });

    public static string Read(string name) => File.ReadAllText(Path.Combine(Folder.Value, name));
}
