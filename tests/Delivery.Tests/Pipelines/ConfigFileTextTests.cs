using Delivery.Core.Pipelines.Config;
using Delivery.Pipelines;

namespace Delivery.Tests.Pipelines;

public sealed class ConfigFileTextTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"config-text-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(_path);

    private (string? Text, ConfigErrors Errors) Read(byte[] bytes)
    {
        File.WriteAllBytes(_path, bytes);
        var errors = new ConfigErrors();
        return (ConfigFileText.Read(_path, "pipelines/p.yaml", errors), errors);
    }

    [Fact]
    public void Read_Utf8WithBom_GivesTheTextWithoutTheMark()
    {
        var (text, errors) = Read([0xEF, 0xBB, 0xBF, .. "zones: [é]\n"u8]);

        Assert.False(errors.Any);
        Assert.Equal("zones: [é]\n", text);
    }

    [Fact]
    public void Read_NotUtf8_NamesTheFirstBadByteByLineAndColumn()
    {
        var (text, errors) = Read([.. "a: 1\nbé: "u8, 0xFF, .. "x\n"u8]);

        Assert.Null(text);
        Assert.Equal("pipelines/p.yaml:2:5: a byte that is not UTF-8 (0xFF); expected UTF-8 text", Assert.Single(errors.Items).ToString());
    }

    [Fact]
    public void Read_FileOverTheBound_ReportedWithoutReadingIt()
    {
        var (text, errors) = Read(new byte[ConfigFileText.MaxBytes + 1]);

        Assert.Null(text);
        Assert.Equal("pipelines/p.yaml:1:1: the file is 1.0 MiB; expected a file under 1 MiB", Assert.Single(errors.Items).ToString());
    }
}
