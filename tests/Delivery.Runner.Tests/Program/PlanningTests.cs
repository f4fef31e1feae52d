using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

public sealed class PlanningTests : IDisposable
{
    readonly BuildRun _run = new();

    [Fact]
    public void Run_Cycle_ReportsMembersAndRunsNothing()
    {
        var build = new CycleBuild();

        _run.Run(build);

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Circular dependencies: Bake -> Push -> Bake\n", _run.Output);
    }

    [Fact]
    public void Run_CycleAmongTargetsNotPlanned_IsStillReported()
    {
        var build = new OffPlanCycleBuild();

        _run.Run(build);

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Circular dependencies: Bake -> Push -> Bake\n", _run.Output);
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Run_Strict_UndeclaredOrderIsAnError()
    {
        var build = new UnorderedBuild();

        _run.Run(build, "--strict");

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Incomplete target definition order (--strict): nothing orders Lint, Format; declare DependsOn, Before or After between them.\n", _run.Output);
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Run_StrictWithADeclaredOrder_Runs()
    {
        var build = new UnorderedBuild();

        _run.Run(build, "Ordered", "--strict", "--no-logo");

        Assert.Equal(0, _run.ExitCode);
        Assert.Equal(["Format", "Ordered"], build.Ran);
    }

    [Fact]
    public void Run_WithoutStrict_DeclarationOrderDecides()
    {
        var build = new UnorderedBuild();

        _run.Run(build, "--no-logo");

        Assert.Equal(["Lint", "Format", "Default"], build.Ran);
    }

    [Fact]
    public void Run_SelfDependency_IsAnError()
    {
        _run.Run(new SelfBuild());

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Target 'Default' cannot name itself in DependsOn.\n", _run.Output);
    }

    [Fact]
    public void Run_ReverseRelations_DependentForTriggeredByAndBefore()
    {
        var build = new ReverseBuild();

        _run.Run(build);

        Assert.Equal(["Prepare", "Lint", "Default", "Report"], build.Ran);
    }

    [Fact]
    public void Run_PlanOption_ShowsOrderAndSkipsAndRunsNothing()
    {
        var build = new DeployBuild();

        _run.Run(build, "--plan", "Deploy", "--skip", "Compile");

        Assert.Equal(0, _run.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Equal(
            """
            Execution plan for Deploy:

               1. Restore   skipped: because of Compile
               2. Compile   skipped: via parameter
               3. Push      missing parameter '--app'
               4. Deploy
               5. Announce

            """.ReplaceLineEndings("\n"),
            _run.Output);
    }

    [Fact]
    public void Run_PartialClass_TiesFollowDeclarationOrderAcrossFiles()
    {
        var build = new PartialBuild();

        _run.Run(build);

        Assert.Equal(["Zeta", "Alpha", "Middle"], build.Ran);
    }

    [Fact]
    public void Run_NoTargetAndNoDefault_ShowsHelp()
    {
        var build = new PartialBuild();

        _run.Run(build, [], []);

        Assert.Equal(0, _run.ExitCode);
        Assert.StartsWith("Targets (with their direct dependencies):", _run.Output);
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Run_ReferenceToNonProperty_SaysWhichTargetAndVerb()
    {
        _run.Run(new StrayReferenceBuild());

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Target 'Default' names in DependsOn a target that is not a public Target property of the build class.\n", _run.Output);
    }

    [Fact]
    public void Run_TargetBodyThrows_SaysWhichTarget()
    {
        _run.Run(new ThrowingDefinitionBuild());

        Assert.Equal(1, _run.ExitCode);
        Assert.StartsWith("Target 'Default' could not be defined: Index was outside the bounds of the array.", _run.Output);
    }

    public void Dispose() => _run.Dispose();
}
