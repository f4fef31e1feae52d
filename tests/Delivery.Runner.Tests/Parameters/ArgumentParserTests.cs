using Delivery.Runner.Parameters;

namespace Delivery.Runner.Tests.Parameters;

public sealed class ArgumentParserTests
{
    [Fact]
    public void Parse_PositionalThenOptions_SplitsThem()
    {
        var parsed = ArgumentParser.Parse(["Test", "Push", "--app", "lobby", "--dry-run"]);

        Assert.Equal(["Test", "Push"], parsed.Positional);
        Assert.Equal(["lobby"], parsed.Option("App")!.Values);
        Assert.True(parsed.Flag("dry-run"));
    }

    [Fact]
    public void Parse_OptionValues_AreTokensUpToNextOption()
    {
        var parsed = ArgumentParser.Parse(["--zones", "us-east-1a", "us-east-1b", "--count", "-5"]);

        Assert.Equal(["us-east-1a", "us-east-1b"], parsed.Option("zones")!.Values);
        Assert.Equal(["-5"], parsed.Option("count")!.Values);
    }

    [Fact]
    public void Parse_RepeatedOption_LastOccurrenceWins()
    {
        var parsed = ArgumentParser.Parse(["--app", "first", "--APP", "second"]);

        Assert.Equal(["second"], parsed.Option("app")!.Values);
        Assert.Equal("--APP", parsed.Option("app")!.Spelling);
    }

    [Fact]
    public void Parse_EqualsForm_AndShortHelp_AreUnderstood()
    {
        var parsed = ArgumentParser.Parse(["--app=lobby", "-h"]);

        Assert.Equal(["lobby"], parsed.Option("app")!.Values);
        Assert.True(parsed.Flag("help"));
    }

    [Theory]
    [InlineData("--docker-registry")]
    [InlineData("--DockerRegistry")]
    [InlineData("--dockerregistry")]
    public void Parse_OptionSpelling_MatchesIgnoringCaseAndDashes(string spelling)
    {
        var parsed = ArgumentParser.Parse([spelling, "x"]);

        Assert.Equal(["x"], parsed.Option("DockerRegistry")!.Values);
    }
}

public sealed class ArgumentParserFlagTests
{
    static bool IsFlag(string key) => key is "plan" or "dryrun";

    [Fact]
    public void Parse_FlagFollowedByName_LeavesNameAsTarget()
    {
        var parsed = ArgumentParser.Parse(["--plan", "Deploy", "Promote", "--app", "lobby"], IsFlag);

        Assert.Equal(["Deploy", "Promote"], parsed.Positional);
        Assert.True(parsed.Flag("plan"));
    }

    [Fact]
    public void Parse_FlagWithBoolLiteral_TakesIt()
    {
        var parsed = ArgumentParser.Parse(["--dry-run", "false", "Deploy"], IsFlag);

        Assert.False(parsed.Flag("dry-run"));
        Assert.Equal(["false"], parsed.Option("dry-run")!.Values);
        Assert.Equal(["Deploy"], parsed.Positional);
    }
}
