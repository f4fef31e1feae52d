using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Tests.Pipelines;

public class JsonConfigReaderTests
{
    [Fact]
    public void Read_NestedDocument_KeepsLineAndColumnOfEveryValue()
    {
        var errors = new ConfigErrors();

        var root = (ConfigMapping)JsonConfigReader.Read("{\n  \"id\": \"/a\",\n  \"n\": [1, true]\n}", "t.json", errors)!;

        Assert.Equal(new SourceSpan("t.json", 1, 1), root.Span);
        Assert.Equal(new SourceSpan("t.json", 2, 3), root.Entries[0].Key.Span);
        Assert.Equal(new SourceSpan("t.json", 2, 9), root.Entries[0].Value.Span);
        var list = (ConfigSequence)root.Entries[1].Value;
        Assert.Equal(new ConfigScalar(new SourceSpan("t.json", 3, 12), "true", false), list.Items[1]);
        Assert.True(((ConfigScalar)root.Entries[0].Value).Quoted);
        Assert.False(errors.Any);
    }

    [Fact]
    public void Read_NonAsciiText_CountsColumnsInCharacters()
    {
        var errors = new ConfigErrors();

        var root = (ConfigMapping)JsonConfigReader.Read("{\"é\": \"ü\", \"x\": 1}", "t.json", errors)!;

        Assert.Equal(12, root.Entries[1].Key.Span.Column);
    }

    [Fact]
    public void Read_BrokenJson_ReportsWhereTheParserStopped()
    {
        var errors = new ConfigErrors();

        Assert.Null(JsonConfigReader.Read("{\n  \"a\": 1,\n  \"b\": ]\n}", "t.json", errors));

        var error = Assert.Single(errors.Items);
        Assert.Equal(new SourceSpan("t.json", 3, 8), error.Span);
        Assert.StartsWith("invalid JSON", error.Problem);
    }
}
