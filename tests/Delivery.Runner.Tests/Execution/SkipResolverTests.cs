using Delivery.Runner.Execution;
using static Delivery.Runner.Tests.Support.Targets;

namespace Delivery.Runner.Tests.Execution;

public sealed class SkipResolverTests
{
    [Fact]
    public void Apply_SkipParameter_MarksNamedTargetsViaParameter()
    {
        var restore = Make("Restore");
        var compile = Make("Compile").DependsOn(restore).Invoked();
        var plan = ExecutionPlanner.Plan([compile]);

        SkipResolver.Apply(plan, [restore]);

        Assert.Equal(ExecutionStatus.Skipped, restore.Status);
        Assert.Equal("via parameter", restore.SkipReason);
        Assert.Equal(ExecutionStatus.Scheduled, compile.Status);
    }

    [Fact]
    public void Apply_BareSkip_SkipsEverythingNotInvoked()
    {
        var restore = Make("Restore");
        var compile = Make("Compile").DependsOn(restore);
        var test = Make("Test").DependsOn(compile).Invoked();
        var plan = ExecutionPlanner.Plan([test]);

        SkipResolver.Apply(plan, []);

        Assert.Equal([ExecutionStatus.Skipped, ExecutionStatus.Skipped, ExecutionStatus.Scheduled], plan.Select(x => x.Status));
    }

    [Fact]
    public void Apply_FalseStaticCondition_SkipsWithConditionTextAndCascades()
    {
        var restore = Make("Restore");
        var compile = Make("Compile", d => d.OnlyWhenStatic(() => false, "IsLocalBuild")).DependsOn(restore);
        var publish = Make("Publish").DependsOn(compile).Invoked();
        var plan = ExecutionPlanner.Plan([publish]);

        SkipResolver.Apply(plan, skip: null);

        Assert.Equal("OnlyWhen: IsLocalBuild", compile.SkipReason);
        Assert.Equal(ExecutionStatus.Skipped, restore.Status);
        Assert.Equal("because of Compile", restore.SkipReason);
        Assert.Equal(ExecutionStatus.Scheduled, publish.Status);
    }

    [Fact]
    public void Apply_SkippedDependencyStillNeeded_StaysScheduled()
    {
        var restore = Make("Restore");
        var compile = Make("Compile").DependsOn(restore);
        var lint = Make("Lint").DependsOn(restore);
        var all = Make("All").DependsOn(compile, lint).Invoked();
        var plan = ExecutionPlanner.Plan([all]);

        SkipResolver.Apply(plan, [compile]);

        Assert.Equal(ExecutionStatus.Skipped, compile.Status);
        Assert.Equal(ExecutionStatus.Scheduled, restore.Status);
        Assert.Equal(ExecutionStatus.Scheduled, lint.Status);
    }

    [Fact]
    public void Apply_WhenSkippedExecute_KeepsDependencies()
    {
        var restore = Make("Restore");
        var compile = Make("Compile", d => d.WhenSkipped(DependencyBehavior.Execute)).DependsOn(restore);
        var test = Make("Test").DependsOn(compile).Invoked();
        var plan = ExecutionPlanner.Plan([test]);

        SkipResolver.Apply(plan, [compile]);

        Assert.Equal(ExecutionStatus.Skipped, compile.Status);
        Assert.Equal(ExecutionStatus.Scheduled, restore.Status);
    }

    [Fact]
    public void Apply_CascadeReachesInvokedTarget_InvokedTargetStays()
    {
        var restore = Make("Restore").Invoked();
        var compile = Make("Compile", d => d.OnlyWhenStatic(() => false, "false")).DependsOn(restore).Invoked();
        var plan = ExecutionPlanner.Plan([restore, compile]);

        SkipResolver.Apply(plan, skip: null);

        Assert.Equal(ExecutionStatus.Scheduled, restore.Status);
        Assert.Equal(ExecutionStatus.Skipped, compile.Status);
    }

    [Fact]
    public void Apply_SkippedTargetTriggers_AreSkippedBecauseOfIt()
    {
        var notify = Make("Notify");
        var deploy = Make("Deploy", d => d.OnlyWhenStatic(() => false, "HasChanges")).Triggers(notify).Invoked();
        var plan = ExecutionPlanner.Plan([deploy]);

        SkipResolver.Apply(plan, skip: null);

        Assert.Equal("because of Deploy", notify.SkipReason);
    }

    [Fact]
    public void Apply_ThrowingStaticCondition_FailsNamingTargetAndCondition()
    {
        var compile = Make("Compile", d => d.OnlyWhenStatic(() => throw new InvalidOperationException("no git"), "Repository.IsClean")).Invoked();

        var error = Assert.Throws<BuildException>(() => SkipResolver.Apply([compile], skip: null));

        Assert.Equal("Condition 'Repository.IsClean' of target 'Compile' could not be evaluated: no git", error.Message);
    }
}
