using Delivery.Runner.Execution;
using Delivery.Runner.Output;

namespace Delivery.Runner.Tests.Output;

public sealed class BuildConsoleTests
{
    [Fact]
    public void WriteLine_WithColor_WrapsInAnsiCodes()
    {
        var output = new StringWriter();
        new BuildConsole(output, useColor: true, new SecretRedactor()).WriteLine("Build succeeded", ConsoleColor.Green);

        Assert.Equal("\u001b[32mBuild succeeded\u001b[0m" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void WriteLine_WithoutColor_IsPlainAndTrimmed()
    {
        var output = new StringWriter();
        new BuildConsole(output, useColor: false, new SecretRedactor()).WriteLine("NotRun   ", ConsoleColor.Yellow);

        Assert.Equal("NotRun" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void WriteLine_AnyText_MasksSecrets()
    {
        var secrets = new SecretRedactor();
        secrets.Add("abc");
        secrets.Add("abcdef");
        var output = new StringWriter();

        new BuildConsole(output, useColor: false, secrets).WriteLine("token abcdef, short abc");

        Assert.Equal("token [secret], short [secret]" + Environment.NewLine, output.ToString());
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void ShouldUseColor_TerminalAndNoColor_Decide(bool redirected, bool noColor, bool expected)
    {
        var environment = noColor ? new Dictionary<string, string> { ["NO_COLOR"] = "1" } : [];

        Assert.Equal(expected, BuildHost.ShouldUseColor(redirected, environment));
    }
}
