namespace Delivery.Runner.Tests.Support;

public sealed class GoldenTests
{
    [Fact]
    public void Diff_InsertedLine_ReportsOnlyThatLine()
    {
        var diff = Golden.Diff("Targets:\n\nParameters:\n  --app\n", "Targets:\n\nParameters:\nextra line\n  --app\n");

        Assert.Equal("  +    4: extra line", diff);
    }

    [Fact]
    public void Diff_ChangedLine_ShowsBothSides()
    {
        var diff = Golden.Diff("a\nb\nc", "a\nB\nc");

        Assert.Equal("  -    2: b\n  +    2: B", diff);
    }
}
