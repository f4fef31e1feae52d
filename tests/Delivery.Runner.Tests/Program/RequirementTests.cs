namespace Delivery.Runner.Tests.Program;

public sealed class RequirementTests : IDisposable
{
    readonly Support.BuildRun _run = new();
    readonly RequirementBuild _build = new();

    [Fact]
    public void Run_MissingParameters_NamesEachTargetAndParameterBeforeAnyAction()
    {
        _run.Run(_build, "Deploy");

        Assert.Equal(1, _run.ExitCode);
        Assert.Empty(_build.Ran);
        Assert.Equal(
            """
            Target 'Bake' requires parameter '--app'.
            Target 'Push' requires parameter '--registry-url'.
            Target 'Push' requires parameter '--zones'.
            Target 'Deploy' requires parameter '--ready'.

            """.ReplaceLineEndings("\n"),
            _run.Output.Replace("\r", ""));
    }

    [Fact]
    public void Run_BlankValue_DoesNotMeetRequirement()
    {
        _run.Environment["APP"] = "   ";

        _run.Run(_build, "Bake");

        Assert.Equal("Target 'Bake' requires parameter '--app'.\n", _run.Output);
    }

    [Fact]
    public void Run_AllRequirementsMet_Runs()
    {
        _run.Run(_build, "Deploy", "--app", "lobby", "--registry-url", "127.0.0.1:5000", "--zones", "a", "--ready");

        Assert.Equal(0, _run.ExitCode);
        Assert.Equal(["Bake", "Push", "Deploy"], _build.Ran);
    }

    [Fact]
    public void Run_SkippedTarget_RequirementsAreNotChecked()
    {
        _run.Run(_build, "Lint");

        Assert.Equal(0, _run.ExitCode);
        Assert.Contains("Lint                Skipped                // OnlyWhen: false", _run.Output);
    }

    public void Dispose() => _run.Dispose();
}

public sealed class ConditionRequirementTests : IDisposable
{
    readonly Support.BuildRun _run = new();

    [Fact]
    public void Run_FalseRequirementCondition_QuotesItsSource()
    {
        var build = new ConditionRequirementBuild();

        _run.Run(build, "--instances", "12");

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Target 'Default' requires 'Instances > 0 && Instances < 10'.\n", _run.Output);
        Assert.Empty(build.Ran);
    }

    public void Dispose() => _run.Dispose();
}

public sealed class CheckRequirementTests : IDisposable
{
    readonly Support.BuildRun _run = new();

    [Fact]
    public void Run_CheckFindsAProblem_ShowsItsReasonOnceAsItIs()
    {
        var build = new CheckRequirementBuild();

        _run.Run(build, "--pipeline", "broken");

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("pipelines/broken.yaml:3:5: unknown key 'zonez'; expected zones.\n", _run.Output);
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Plan_CheckFindsAProblem_ShowsItsReasonAndRunsNothing()
    {
        var build = new CheckRequirementBuild();

        _run.Run(build, "--pipeline", "broken", "--plan");

        Assert.Equal(0, _run.ExitCode);
        Assert.Contains("unmet: pipelines/broken.yaml:3:5: unknown key 'zonez'; expected zones.", _run.Output);
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Run_CheckFindsNothing_Runs()
    {
        var build = new CheckRequirementBuild();

        _run.Run(build, "--pipeline", "lobby");

        Assert.Equal(0, _run.ExitCode);
        Assert.Equal(["Bake", "Default"], build.Ran);
    }

    public void Dispose() => _run.Dispose();
}
