using Delivery.Runner.Parameters;
using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Parameters;

public sealed class ValueConverterTests
{
    static readonly AbsolutePath Root = new("/repo");

    static object? Convert(Type type, params string[] tokens) => ValueConverter.Convert(tokens, type, '\0', Root);

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1.5m", 90)]
    [InlineData("00:02:30", 150)]
    public void Convert_Durations_AcceptShortAndClockForms(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Convert(typeof(TimeSpan), text));
    }

    [Fact]
    public void Convert_Scalars_UseInvariantCulture()
    {
        Assert.Equal(42, Convert(typeof(int), "42"));
        Assert.Equal(5_000_000_000L, Convert(typeof(long), "5000000000"));
        Assert.Equal(0.25, Convert(typeof(double), "0.25"));
        Assert.Equal(false, Convert(typeof(bool), "false"));
        Assert.Equal(3, Convert(typeof(int?), "3"));
    }

    [Fact]
    public void Convert_BoolWithoutValue_IsTrue()
    {
        Assert.Equal(true, Convert(typeof(bool)));
        Assert.Equal(true, Convert(typeof(bool?)));
    }

    [Fact]
    public void Convert_Enum_IgnoresCase()
    {
        Assert.Equal(Flavour.Release, Convert(typeof(Flavour), "release"));
    }

    [Fact]
    public void Convert_BadEnum_ListsTheValues()
    {
        var error = Assert.Throws<FormatException>(() => Convert(typeof(Flavour), "Fast"));

        Assert.Equal("one of Debug, Release", error.Message);
    }

    [Fact]
    public void Convert_RelativePath_IsResolvedAgainstRoot()
    {
        Assert.Equal(new AbsolutePath("/repo/out/images"), Convert(typeof(AbsolutePath), "out/images"));
        Assert.Equal(new AbsolutePath("/tmp/x"), Convert(typeof(AbsolutePath), "/tmp/x"));
    }

    [Fact]
    public void Convert_Arrays_TakeSeveralTokensOrSplitOnSeparator()
    {
        Assert.Equal(new[] { "a", "b" }, Convert(typeof(string[]), "a", "b"));
        Assert.Equal(new[] { "a", "b", "c" }, ValueConverter.Convert(["a, b", "c"], typeof(string[]), ',', Root));
        Assert.Equal(new[] { 1, 2 }, Convert(typeof(int[]), "1", "2"));
    }

    [Fact]
    public void Convert_SeveralTokensForScalar_Fails()
    {
        var error = Assert.Throws<FormatException>(() => Convert(typeof(string), "a", "b"));

        Assert.Equal("a single value (text), not 2", error.Message);
    }

    [Fact]
    public void Convert_TypeWithParseMethod_UsesIt()
    {
        Assert.Equal(Version.Parse("1.2.3"), Convert(typeof(Version), "1.2.3"));
    }
}
