namespace Delivery.Tests.Pipelines;

/// <summary>A throw-away repository folder with the files a test writes, deleted on dispose.</summary>
internal sealed class TestRepository : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "delivery-pipelines-" + Guid.NewGuid().ToString("N"));

    public TestRepository() => Directory.CreateDirectory(Path.Combine(Root, "pipelines"));

    public TestRepository With(string path, string text)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return this;
    }

    public TestRepository WithFolder(string path)
    {
        Directory.CreateDirectory(Path.Combine(Root, path));
        return this;
    }

    /// <summary>The repository root of this checkout: walks up from the test's base directory to the folder with pipelines/.</summary>
    public static string Checkout()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "pipelines")) && File.Exists(Path.Combine(dir.FullName, "Delivery.sln")))
                return dir.FullName;
        throw new InvalidOperationException("No folder with pipelines/ and Delivery.sln above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
