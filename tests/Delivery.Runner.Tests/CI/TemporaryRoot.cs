namespace Delivery.Runner.Tests.CI;

/// <summary>A scratch repository root, deleted at the end of the test.</summary>
internal sealed class TemporaryRoot : IDisposable
{
    public AbsolutePath Path { get; } = new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "delivery-ci-tests", Guid.NewGuid().ToString("N")));

    public TemporaryRoot() => Directory.CreateDirectory(Path);

    public AbsolutePath Write(string relativePath, string content)
    {
        var file = Path / relativePath;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
