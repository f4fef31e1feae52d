using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Tests.Pipelines;

public class ConfigValuesTests
{
    private static readonly SourceSpan At = new("f.yaml", 3, 7);

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h2m3s", 3_723_000)]
    [InlineData("500ms", 500)]
    public void Duration_ValidText_ParsesToTimeSpan(string text, int milliseconds)
    {
        var errors = new ConfigErrors();

        var duration = ConfigValues.Duration(new ConfigScalar(At, text, false), errors);

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("5 m")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData("30s5m")]
    public void Duration_InvalidText_ReportsAtItsPosition(string text)
    {
        var errors = new ConfigErrors();

        Assert.Null(ConfigValues.Duration(new ConfigScalar(At, text, false), errors));

        Assert.Equal($"f.yaml:3:7: found '{text}'; expected a duration such as 30s, 5m, 1h or 1m30s", Assert.Single(errors.Items).ToString());
    }

    [Theory]
    [InlineData("80%", 0.8)]
    [InlineData("100%", 1.0)]
    [InlineData("12.5%", 0.125)]
    public void Percentage_ValidText_ParsesToFraction(string text, double fraction)
    {
        var errors = new ConfigErrors();

        Assert.Equal(fraction, ConfigValues.Percentage(new ConfigScalar(At, text, false), errors)!.Value, 9);
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("80", "found '80'; expected a percentage such as 80%, from 0% to 100%")]
    [InlineData("120%", "120% is out of range; expected a percentage such as 80%, from 0% to 100%")]
    [InlineData("-5%", "found '-5%'; expected a percentage such as 80%, from 0% to 100%")]
    public void Percentage_InvalidText_ReportsWhatIsExpected(string text, string expected)
    {
        var errors = new ConfigErrors();

        Assert.Null(ConfigValues.Percentage(new ConfigScalar(At, text, false), errors));

        Assert.Equal("f.yaml:3:7: " + expected, Assert.Single(errors.Items).ToString());
    }

    [Fact]
    public void Integer_QuotedNumber_IsTextNotANumber()
    {
        var errors = new ConfigErrors();

        Assert.Null(ConfigValues.Integer(new ConfigScalar(At, "6", Quoted: true), errors, 1, 10));

        Assert.Equal("f.yaml:3:7: found '6'; expected a whole number from 1 to 10", Assert.Single(errors.Items).ToString());
    }

    [Theory]
    [InlineData("imgae", "image")]
    [InlineData("Instances", "instances")]
    [InlineData("canry", "canary")]
    [InlineData("zzzzzz", null)]
    public void DidYouMean_Misspelling_SuggestsClosestKey(string word, string? suggestion)
    {
        Assert.Equal(suggestion, DidYouMean.Suggest(word, ["name", "source", "image", "instances", "canary", "zones"]));
    }
}
