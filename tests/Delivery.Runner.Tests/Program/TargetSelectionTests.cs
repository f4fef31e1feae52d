using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

public sealed class TargetSelectionTests : IDisposable
{
    readonly BuildRun _run = new();
    readonly DeployBuild _build = new();

    [Fact]
    public void Run_NoTarget_RunsDefaultTargets()
    {
        _run.Run(_build);

        Assert.Equal(0, _run.ExitCode);
        Assert.Equal(["Restore", "Compile"], _build.Ran);
        Assert.Equal(["Default"], _build.InvokedTargets);
    }

    [Theory]
    [InlineData("compile")]
    [InlineData("COM-PILE")]
    [InlineData("--target", "Compile")]
    public void Run_TargetName_MatchesIgnoringCaseAndDashes(params string[] args)
    {
        _run.Run(_build, args);

        Assert.Equal(["Restore", "Compile"], _build.Ran);
        Assert.Equal(["Compile"], _build.InvokedTargets);
    }

    [Fact]
    public void Run_PlusSeparatedTargets_RunsAllInPlanOrder()
    {
        _run.Run(_build, "Deploy+Restore", "--app", "lobby");

        Assert.Equal(["Restore", "Compile", "Push", "Deploy", "Announce"], _build.Ran);
        Assert.Equal(["Deploy", "Restore"], _build.InvokedTargets);
    }

    [Fact]
    public void Run_UnknownTarget_SuggestsTheClosestAndListsValidTargets()
    {
        _run.Run(_build, "Deplyo");

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Unknown target 'Deplyo'. Did you mean 'Deploy'? Valid targets: Restore, Compile, Push, Deploy, Rollback, Default.\n", _run.Output);
        Assert.Empty(_build.Ran);
    }

    [Fact]
    public void Run_UnknownTargetLikeNoOther_OnlyListsValidTargets()
    {
        _run.Run(_build, "Publish");

        Assert.Equal("Unknown target 'Publish'. Valid targets: Restore, Compile, Push, Deploy, Rollback, Default.\n", _run.Output);
    }

    [Fact]
    public void Run_SkipNamesAnInvokedTarget_InvokedTargetRunsAnyway()
    {
        _run.Run(_build, "Compile", "--skip", "Compile", "Restore");

        Assert.Equal(0, _run.ExitCode);
        Assert.Equal(["Compile"], _build.Ran);
        Assert.Contains("Restore             Skipped                // via parameter", _run.Output);
    }

    [Fact]
    public void Run_SkipParameter_SkipsAndCascades()
    {
        _run.Run(_build, "Push", "--app", "lobby", "--skip", "Compile");

        Assert.Equal(0, _run.ExitCode);
        Assert.Equal(["Push"], _build.Ran);
        Assert.Contains("Restore             Skipped                // because of Compile", _run.Output);
        Assert.Contains("Compile             Skipped                // via parameter", _run.Output);
    }

    [Fact]
    public void Run_BareSkip_RunsOnlyInvokedTargets()
    {
        _run.Run(_build, "Push", "--app", "lobby", "--skip");

        Assert.Equal(["Push"], _build.Ran);
    }

    [Fact]
    public void Run_UnknownSkipTarget_FailsBeforeRunning()
    {
        _run.Run(_build, "Push", "--app", "lobby", "--skip", "Lint");

        Assert.Equal(1, _run.ExitCode);
        Assert.StartsWith("Unknown target in --skip 'Lint'.", _run.Output);
        Assert.Empty(_build.Ran);
    }

    [Fact]
    public void Run_FlagBeforeTargetName_NameIsStillTheTarget()
    {
        _run.Run(_build, "--dry-run", "Compile");

        Assert.True(_build.DryRunValue);
        Assert.Equal(["Compile"], _build.InvokedTargets);
    }

    public void Dispose() => _run.Dispose();
}
