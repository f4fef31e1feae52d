using Delivery.Runner.Execution;
using static Delivery.Runner.Tests.Support.Targets;

namespace Delivery.Runner.Tests.Execution;

public sealed class ExecutionPlannerTests
{
    [Fact]
    public void Plan_DependencyChain_RunsDependenciesFirst()
    {
        var a = Make("A");
        var b = Make("B").DependsOn(a);
        var c = Make("C").DependsOn(b);

        Assert.Equal("A B C", Names(ExecutionPlanner.Plan([c])));
    }

    [Fact]
    public void Plan_IndependentTargets_FollowDeclarationOrder()
    {
        var first = Make("First", declared: 1);
        var second = Make("Second", declared: 2);
        var third = Make("Third", declared: 3);
        var all = Make("All", declared: 4).DependsOn(third, first, second);

        Assert.Equal("First Second Third All", Names(ExecutionPlanner.Plan([all])));
    }

    [Fact]
    public void Plan_TransitiveClosure_IncludesEveryDependencyOnce()
    {
        var restore = Make("Restore");
        var compile = Make("Compile").DependsOn(restore);
        var test = Make("Test").DependsOn(compile, restore);
        var pack = Make("Pack").DependsOn(compile);

        Assert.Equal("Restore Compile Test Pack", Names(ExecutionPlanner.Plan([test, pack])));
    }

    [Fact]
    public void Plan_AfterAndBefore_OnlyOrderPlannedTargets()
    {
        var clean = Make("Clean", declared: 2);
        var restore = Make("Restore", declared: 1).After(clean);

        Assert.Equal("Restore", Names(ExecutionPlanner.Plan([restore])));
        Assert.Equal("Clean Restore", Names(ExecutionPlanner.Plan([restore, clean])));
    }

    [Fact]
    public void Plan_Triggers_AddsTriggeredTargetsToFixpoint()
    {
        var notify = Make("Notify");
        var report = Make("Report").Triggers(notify);
        var deploy = Make("Deploy").Triggers(report);

        Assert.Equal("Deploy Report Notify", Names(ExecutionPlanner.Plan([deploy])));
    }

    [Fact]
    public void Plan_TriggeredTargetWithDependencies_PlansThemToo()
    {
        var publish = Make("Publish", declared: 1);
        var notify = Make("Notify", declared: 2).DependsOn(publish);
        var deploy = Make("Deploy", declared: 3).Triggers(notify);

        Assert.Equal("Publish Deploy Notify", Names(ExecutionPlanner.Plan([deploy])));
    }

    [Fact]
    public void Plan_Cycle_NamesItsMembers()
    {
        var a = Make("A", declared: 1);
        var b = Make("B", declared: 2).DependsOn(a);
        a.DependsOn(b);

        var error = Assert.Throws<BuildException>(() => ExecutionPlanner.Plan([a]));

        Assert.Equal("Circular dependencies: A -> B -> A", error.Message);
    }

    [Fact]
    public void Plan_CycleThroughOrdering_IsReportedToo()
    {
        var a = Make("A", declared: 1);
        var b = Make("B", declared: 2).DependsOn(a);
        var c = Make("C", declared: 3).DependsOn(b);
        a.After(c);

        var error = Assert.Throws<BuildException>(() => ExecutionPlanner.Plan([c]));

        Assert.Equal("Circular dependencies: A -> C -> B -> A", error.Message);
    }

    [Fact]
    public void Plan_CycleBesideHealthyTargets_NamesOnlyTheCycle()
    {
        var ok = Make("Ok", declared: 1);
        var x = Make("X", declared: 2).DependsOn(ok);
        var y = Make("Y", declared: 3).DependsOn(x);
        x.DependsOn(y);

        var error = Assert.Throws<BuildException>(() => ExecutionPlanner.Plan([y]));

        Assert.Equal("Circular dependencies: X -> Y -> X", error.Message);
    }

    [Fact]
    public void Plan_CycleOutsideThePlan_IsReportedWhenAllTargetsAreGiven()
    {
        var ok = Make("Ok", declared: 1);
        var x = Make("X", declared: 2);
        var y = Make("Y", declared: 3).After(x);
        x.After(y);

        Assert.Equal("Ok", Names(ExecutionPlanner.Plan([ok])));
        var error = Assert.Throws<BuildException>(() => ExecutionPlanner.Plan([ok], all: [ok, x, y]));

        Assert.Equal("Circular dependencies: X -> Y -> X", error.Message);
    }

    [Fact]
    public void Plan_Strict_TwoReadyTargetsAreAnError()
    {
        var a = Make("A", declared: 1);
        var b = Make("B", declared: 2);
        var c = Make("C", declared: 3).DependsOn(a, b);

        var error = Assert.Throws<BuildException>(() => ExecutionPlanner.Plan([c], strict: true));

        Assert.StartsWith("Incomplete target definition order (--strict): nothing orders A, B;", error.Message);
        b.After(a);
        Assert.Equal("A B C", Names(ExecutionPlanner.Plan([c], strict: true)));
    }
}
