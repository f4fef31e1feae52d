using Delivery.Runner.Execution;
using Delivery.Runner.Output;
using Microsoft.Extensions.Time.Testing;
using static Delivery.Runner.Tests.Support.Targets;

namespace Delivery.Runner.Tests.Execution;

public sealed class BuildExecutorTests : IDisposable
{
    readonly FakeTimeProvider _time = new();
    readonly CancellationSignal _signal = new();
    readonly StringWriter _output = new();
    readonly BuildContext _context;
    readonly BuildConsole _console;
    readonly List<string> _ran = [];

    public BuildExecutorTests()
    {
        var secrets = new SecretRedactor();
        _console = new BuildConsole(_output, useColor: false, secrets);
        var log = new BuildLog(_console, _time, Verbosity.Normal, secrets);
        _context = new BuildContext(new AbsolutePath(Path.GetTempPath()), log, secrets, isServerBuild: false);
    }

    ExecutableTarget Action(string name, Action<ITargetDefinition>? define = null, Action? body = null) =>
        Make(name, d =>
        {
            define?.Invoke(d);
            d.Executes(() =>
            {
                _ran.Add(name);
                body?.Invoke();
            });
        });

    void Execute(params ExecutableTarget[] plan) => new BuildExecutor(_context, _signal, _time, _console).Execute(plan);

    [Fact]
    public void Execute_AllSucceed_RunsInPlanOrderAndMeasuresDuration()
    {
        var a = Action("A", body: () => _time.Advance(TimeSpan.FromSeconds(90)));
        var b = Action("B").DependsOn(a);

        Execute(a, b);

        Assert.Equal(["A", "B"], _ran);
        Assert.Equal(ExecutionStatus.Succeeded, a.Status);
        Assert.Equal(TimeSpan.FromSeconds(90), a.Duration);
    }

    [Fact]
    public void Execute_TargetWithoutActions_IsCollective()
    {
        var group = Make("Group");

        Execute(group);

        Assert.Equal(ExecutionStatus.Collective, group.Status);
    }

    [Fact]
    public void Execute_Failure_StopsBuildAndLeavesRestNotRun()
    {
        var a = Action("A", body: () => throw new InvalidOperationException("disk full"));
        var b = Action("B");

        Execute(a, b);

        Assert.Equal(ExecutionStatus.Failed, a.Status);
        Assert.Equal(ExecutionStatus.NotRun, b.Status);
        Assert.Equal("InvalidOperationException: disk full", a.SummaryNotes.Single().Value);
        Assert.Contains("Target 'A' failed: InvalidOperationException: disk full", _output.ToString());
        Assert.DoesNotContain("   at ", _output.ToString());
    }

    [Fact]
    public void Execute_UserError_ShowsMessageAlone()
    {
        var a = Action("A", body: () => throw new DeliveryException("Image 'lobby:1' was not found in the registry."));

        Execute(a);

        Assert.Equal("Image 'lobby:1' was not found in the registry.", a.SummaryNotes.Single().Value);
    }

    [Fact]
    public void Execute_UserErrorSubclass_ShowsMessageAlone()
    {
        var a = Action("A", body: () => throw new RegistryUnavailableException("Registry 127.0.0.1:5000 refused the connection."));

        Execute(a);

        Assert.Equal("Registry 127.0.0.1:5000 refused the connection.", a.SummaryNotes.Single().Value);
    }

    [Fact]
    public void Execute_ProceedAfterFailure_ContinuesWithIndependentTargets()
    {
        var lint = Action("Lint", d => d.ProceedAfterFailure(), () => throw new InvalidOperationException("style"));
        var test = Action("Test");

        Execute(lint, test);

        Assert.Equal(ExecutionStatus.Failed, lint.Status);
        Assert.Equal(ExecutionStatus.Succeeded, test.Status);
    }

    [Fact]
    public void Execute_ProceedAfterFailure_DependentsOfFailedTargetDoNotRun()
    {
        var push = Action("Push", d => d.ProceedAfterFailure(), () => throw new InvalidOperationException("denied"));
        var deploy = Action("Deploy").DependsOn(push);

        Execute(push, deploy);

        Assert.Equal(ExecutionStatus.NotRun, deploy.Status);
        Assert.DoesNotContain("Deploy", _ran);
        // Filed under the target it is about, not under the one that ran before it.
        var warning = Assert.Single(_context.Log.WarningsAndErrors, x => x.Level == LogLevel.Warning);
        Assert.Equal("Deploy", warning.Target);
    }

    [Fact]
    public void Execute_AssuredAfterFailure_RunsAfterFailure()
    {
        var deploy = Action("Deploy", body: () => throw new InvalidOperationException("unhealthy"));
        var promote = Action("Promote");
        var rollback = Action("Rollback", d => d.AssuredAfterFailure());

        Execute(deploy, promote, rollback);

        Assert.Equal(["Deploy", "Rollback"], _ran);
        Assert.Equal(ExecutionStatus.NotRun, promote.Status);
        Assert.Equal(ExecutionStatus.Succeeded, rollback.Status);
    }

    [Fact]
    public void Execute_DynamicConditionFalse_SkipsRightBeforeTheTarget()
    {
        var changed = false;
        var detect = Action("Detect", body: () => changed = false);
        var publish = Action("Publish", d => d.OnlyWhenDynamic(() => changed, "changed"));

        changed = true;
        Execute(detect, publish);

        Assert.Equal(ExecutionStatus.Skipped, publish.Status);
        Assert.Equal("OnlyWhen: changed", publish.SkipReason);
        Assert.Equal(["Detect"], _ran);
    }

    [Fact]
    public void Execute_CancelDuringTarget_AbortsItRunsAssuredWithFreshToken()
    {
        CancellationToken assuredToken = default;
        var deploy = Make("Deploy", d => d.Executes(async token =>
        {
            _signal.Trigger();
            await Task.Delay(Timeout.Infinite, token);
        }));
        var promote = Action("Promote");
        var rollback = Make("Rollback", d => d.AssuredAfterFailure().Executes(token =>
        {
            assuredToken = token;
            return Task.CompletedTask;
        }));

        Execute(deploy, promote, rollback);

        Assert.Equal(ExecutionStatus.Aborted, deploy.Status);
        Assert.Equal(ExecutionStatus.NotRun, promote.Status);
        Assert.Equal(ExecutionStatus.Succeeded, rollback.Status);
        Assert.True(assuredToken.CanBeCanceled);
        Assert.False(assuredToken.IsCancellationRequested);
    }

    [Fact]
    public void Execute_TargetIgnoresCancellationAndFinishes_IsSucceededRestNotRun()
    {
        var a = Action("A", body: () => _signal.Trigger());
        var b = Action("B");

        Execute(a, b);

        Assert.Equal(ExecutionStatus.Succeeded, a.Status);
        Assert.Equal(ExecutionStatus.NotRun, b.Status);
    }

    [Fact]
    public void Execute_FailureAfterNotes_PutsFailureFirst()
    {
        var test = Action("Test", body: () =>
        {
            _context.ReportSummary("Passed", "297");
            throw new DeliveryException("3 of 300 tests failed.");
        });

        Execute(test);

        Assert.Equal(["3 of 300 tests failed.", "297"], test.SummaryNotes.Select(x => x.Value));
    }

    [Fact]
    public void Execute_ReportSummary_AttachesNotesToRunningTarget()
    {
        var push = Action("Push", body: () => _context.ReportSummary("Digest", "sha256:ab"));

        Execute(push);

        Assert.Equal([new KeyValuePair<string, string>("Digest", "sha256:ab")], push.SummaryNotes);
    }

    [Fact]
    public void Execute_AsyncAction_ReceivesBuildToken()
    {
        CancellationToken seen = default;
        var a = Make("A", d => d.Executes(token => { seen = token; return Task.CompletedTask; }));

        Execute(a);

        Assert.Equal(_signal.Token, seen);
    }

    public void Dispose() => _signal.Dispose();
}

/// <summary>Stands in for Delivery.Core's user-error type, which the runner recognises by name only.</summary>
public class DeliveryException(string message) : Exception(message);

public sealed class RegistryUnavailableException(string message) : DeliveryException(message);

public sealed class BuildExecutorConditionTests
{
    [Fact]
    public void Execute_ThrowingDynamicCondition_FailsTheTarget()
    {
        var time = new FakeTimeProvider();
        var secrets = new SecretRedactor();
        var console = new BuildConsole(new StringWriter(), useColor: false, secrets);
        var context = new BuildContext(new AbsolutePath("/"), new BuildLog(console, time, Verbosity.Normal, secrets), secrets, false);
        using var signal = new CancellationSignal();
        var target = Make("Publish", d => d.OnlyWhenDynamic(() => throw new IOException("no tag"), "HasTag").Executes(() => { }));

        new BuildExecutor(context, signal, time, console).Execute([target]);

        Assert.Equal(ExecutionStatus.Failed, target.Status);
        Assert.Equal("Condition 'HasTag' of target 'Publish' could not be evaluated: no tag", target.SummaryNotes.Single().Value);
    }
}
