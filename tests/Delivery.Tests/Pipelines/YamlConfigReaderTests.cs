using Delivery.Core.Pipelines.Config;
using Delivery.Pipelines;

namespace Delivery.Tests.Pipelines;

public class YamlConfigReaderTests
{
    private static (ConfigNode? Root, ConfigErrors Errors) Read(string yaml)
    {
        var errors = new ConfigErrors();
        return (YamlConfigReader.Read(yaml, "p.yaml", errors), errors);
    }

    [Fact]
    public void Read_NestedDocument_KeepsOneBasedLineAndColumn()
    {
        var (root, errors) = Read("# comment\nimage:\n  repository: games/lobby\nzones: [a, \"b\"]\n");

        var top = Assert.IsType<ConfigMapping>(root);
        Assert.False(errors.Any);
        Assert.Equal(new SourceSpan("p.yaml", 2, 1), top.Span);
        var repository = ((ConfigMapping)top.Entries[0].Value).Entries[0];
        Assert.Equal(new SourceSpan("p.yaml", 3, 3), repository.Key.Span);
        Assert.Equal(new ConfigScalar(new SourceSpan("p.yaml", 3, 15), "games/lobby", false), repository.Value);
        var zones = (ConfigSequence)top.Entries[1].Value;
        Assert.Equal(new ConfigScalar(new SourceSpan("p.yaml", 4, 12), "b", true), zones.Items[1]);
    }

    [Fact]
    public void Read_EmptyValue_IsNull()
    {
        var (root, _) = Read("prepare:\nsource: ~\n");

        Assert.All(((ConfigMapping)root!).Entries, e => Assert.True(((ConfigScalar)e.Value).IsNull));
    }

    [Fact]
    public void Read_Alias_ResolvesToTheAnchoredValue()
    {
        var (root, errors) = Read("a: &d 5m\nb: *d\n");

        Assert.False(errors.Any);
        Assert.Equal("5m", ((ConfigScalar)((ConfigMapping)root!).Entries[1].Value).Value);
    }

    [Fact]
    public void Read_DuplicateKey_ReportedAtTheSecondKey()
    {
        var (root, errors) = Read("source: a\nsource: b\n");

        var error = Assert.Single(errors.Items);
        Assert.Null(root);
        Assert.Equal(2, error.Span.Line);
        Assert.Contains("invalid YAML", error.Problem);
    }

    [Fact]
    public void Read_BadIndentation_ReportsWhereTheParserStopped()
    {
        var (root, errors) = Read("image:\n  repository: x\n context: y\n");

        Assert.Null(root);
        Assert.Equal(3, Assert.Single(errors.Items).Span.Line);
    }

    [Fact]
    public void Read_EmptyFile_SaysSo()
    {
        var (root, errors) = Read("# nothing here\n");

        Assert.Null(root);
        Assert.Equal("p.yaml:1:1: the file is empty; expected a YAML mapping", Assert.Single(errors.Items).ToString());
    }

    [Fact]
    public void Read_TwoDocuments_ReportsTheSecond()
    {
        var (_, errors) = Read("a: 1\n---\nb: 2\n");

        Assert.Equal("p.yaml:3:1: a second YAML document; expected one document per file", Assert.Single(errors.Items).ToString());
    }

    /// <summary>The "billion laughs" of YAML: nine lines whose expansion has 9^9 values.</summary>
    public const string AliasBomb =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" +
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n" +
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n" +
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n" +
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n" +
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n" +
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n" +
        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

    [Fact]
    public void Read_AliasBomb_OneErrorAtTheRepeatedValue()
    {
        var (root, errors) = Read(AliasBomb);

        Assert.Null(root);
        var error = Assert.Single(errors.Items);
        Assert.StartsWith("p.yaml:1:4:", error.ToString()); // the anchored value, repeated by the aliases
        Assert.EndsWith($"the document expands to more than {YamlConfigReader.MaxValues} values (aliases repeat what they name); expected a file of at most {YamlConfigReader.MaxValues} values", error.ToString());
    }

    [Fact]
    public void Read_DeepNesting_ReportedInsteadOfOverflowingTheStack()
    {
        var (root, errors) = Read("a: " + new string('[', 100_000));

        Assert.Null(root);
        Assert.Equal($"p.yaml:1:{3 + YamlConfigReader.MaxDepth}: values nested more than {YamlConfigReader.MaxDepth} deep; expected at most {YamlConfigReader.MaxDepth} levels",
            Assert.Single(errors.Items).ToString());
    }
}
