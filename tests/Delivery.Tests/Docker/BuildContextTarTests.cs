using System.Formats.Tar;
using Delivery.Docker;

namespace Delivery.Tests.Docker;

public sealed class BuildContextTarTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("delivery-ctx-").FullName;
    private static readonly DateTimeOffset CommitTime = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    private void Write(string relative, string content = "x")
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private (List<string> Names, string Dockerfile, byte[] Bytes) Tar(string dockerfile)
    {
        using var stream = new MemoryStream();
        var inside = BuildContextTar.Write(_root, dockerfile, CommitTime, stream);
        var bytes = stream.ToArray();
        stream.Position = 0;
        var names = new List<string>();
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            Assert.Equal(CommitTime, entry.ModificationTime);
        }
        return (names, inside, bytes);
    }

    [Fact]
    public void Write_DockerignoreWithException_SendsOnlyKeptFilesPlusDockerfile()
    {
        Write("Dockerfile", "FROM scratch");
        Write(".dockerignore", "*.log\nsecrets/\nDockerfile\n!keep.log\n");
        Write("app/run.sh");
        Write("debug.log");
        Write("keep.log");
        Write("secrets/key.pem");

        var (names, dockerfile, _) = Tar(Path.Combine(_root, "Dockerfile"));

        Assert.Equal("Dockerfile", dockerfile);
        Assert.Equal([".dockerignore", "Dockerfile", "app/", "app/run.sh", "keep.log"], names);
    }

    [Fact]
    public void Write_DockerfileOutsideContext_AddsItUnderOwnName()
    {
        Write("ctx/app.txt");
        var outside = Path.Combine(_root, "Dockerfile.lobby");
        File.WriteAllText(outside, "FROM scratch");

        using var stream = new MemoryStream();
        var inside = BuildContextTar.Write(Path.Combine(_root, "ctx"), outside, CommitTime, stream);

        Assert.Equal(BuildContextTar.OutsideDockerfileName, inside);
    }

    [Fact]
    public void Write_SameTreeTwice_GivesIdenticalBytes()
    {
        Write("Dockerfile", "FROM scratch");
        Write("b/2.txt");
        Write("a/1.txt");

        var first = Tar(Path.Combine(_root, "Dockerfile")).Bytes;
        File.SetLastWriteTimeUtc(Path.Combine(_root, "a/1.txt"), DateTime.UtcNow.AddDays(-3));
        var second = Tar(Path.Combine(_root, "Dockerfile")).Bytes;

        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_LinesToAppend_SendsAmendedDockerfileUnderOwnName()
    {
        Write("Dockerfile", "FROM scratch\n");
        Write("app.txt");

        using var stream = new MemoryStream();
        var inside = BuildContextTar.Write(_root, Path.Combine(_root, "Dockerfile"), CommitTime, stream, "LABEL \"a\"=\"b\"");
        stream.Position = 0;
        using var reader = new TarReader(stream);
        string? amended = null;
        while (reader.GetNextEntry() is { } entry)
            if (entry.Name == inside) amended = new StreamReader(entry.DataStream!).ReadToEnd();

        Assert.Equal(BuildContextTar.OutsideDockerfileName, inside);
        Assert.Equal("FROM scratch\nLABEL \"a\"=\"b\"\n", amended);
    }

    [Fact]
    public void LabelLine_ValuesWithQuotesAndDollar_QuotedLiterally()
    {
        var line = DockerImageBuilder.LabelLine(new SortedDictionary<string, string> { ["k"] = "say \"hi\" $HOME" });

        Assert.Equal("LABEL \"k\"=\"say \\\"hi\\\" \\$HOME\"", line);
    }

    public void Dispose() => Directory.Delete(_root, true);
}
