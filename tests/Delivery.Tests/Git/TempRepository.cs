using LibGit2Sharp;

namespace Delivery.Tests.Git;

/// <summary>A throwaway git repository under the temp folder, deleted afterwards.</summary>
internal sealed class TempRepository : TempRepositoryHandle
{
    public TempRepository() : base(Path.Combine(Path.GetTempPath(), "delivery-git-" + Guid.NewGuid().ToString("N")[..8])) { }
}

/// <summary>A git repository created in <paramref name="root"/>, committed to with a fixed author and time.</summary>
public class TempRepositoryHandle : IDisposable
{
    public string Root { get; }
    private static readonly Signature Author = new("Test", "test@example.invalid", new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero));

    public TempRepositoryHandle(string root)
    {
        Root = root;
        Repository.Init(Root);
    }

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public string Commit(string message)
    {
        using var repo = new Repository(Root);
        Commands.Stage(repo, "*");
        return repo.Commit(message, Author, Author).Sha;
    }

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            File.SetAttributes(file, FileAttributes.Normal); // git object files are read-only
        Directory.Delete(Root, recursive: true);
    }
}
