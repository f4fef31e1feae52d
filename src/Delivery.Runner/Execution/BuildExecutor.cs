using Delivery.Runner.Output;

namespace Delivery.Runner.Execution;

/// <summary>
/// Runs the planned targets one after another. A failure stops the build (the rest are NotRun) unless the
/// failed target proceeds after failure; a cancellation aborts the running target. Assured targets run in
/// both cases, after a cancellation with a fresh token.
/// </summary>
internal sealed class BuildExecutor(BuildContext context, CancellationSignal signal, TimeProvider time, BuildConsole console)
{
    public void Execute(IReadOnlyList<ExecutableTarget> plan)
    {
        var stopped = false;
        foreach (var target in plan.Where(x => x.Status == ExecutionStatus.Scheduled))
        {
            var cancelled = signal.WasTriggered;
            if ((stopped || cancelled) && !target.Definition.IsAssuredAfterFailure)
            {
                target.Status = ExecutionStatus.NotRun;
                continue;
            }
            if (!cancelled && target.ExecutionDependencies.FirstOrDefault(x => x.Status is ExecutionStatus.Failed or ExecutionStatus.NotRun) is { } failed
                && !target.Definition.IsAssuredAfterFailure)
            {
                // A dependency failed but proceeded: what depends on its output must not run on nothing.
                target.Status = ExecutionStatus.NotRun;
                context.CurrentTarget = target;
                context.Log.Warning($"Target '{target.Name}' did not run because its dependency '{failed.Name}' failed.");
                context.CurrentTarget = null;
                continue;
            }

            context.CancellationToken = cancelled ? signal.Renew() : signal.Token;
            Run(target);
            // A warning logged between targets must not be filed under the one that just ran.
            context.CurrentTarget = null;
            if (target.Status == ExecutionStatus.Failed && !target.Definition.IsProceedAfterFailure)
                stopped = true;
        }
        context.CurrentTarget = null;
    }

    void Run(ExecutableTarget target)
    {
        context.CurrentTarget = target;
        target.Status = ExecutionStatus.Running;
        Condition? condition;
        try
        {
            condition = SkipResolver.FirstFalse(target, target.Definition.DynamicConditions);
        }
        catch (BuildException exception)
        {
            // A condition that throws is this target's failure, not a reason to drop the summary.
            Fail(target, exception);
            return;
        }
        if (condition is not null)
        {
            target.Status = ExecutionStatus.Skipped;
            target.SkipReason = SkipResolver.Reason(condition);
            context.Log.Debug($"Skipping target '{target.Name}': {target.SkipReason}");
            return;
        }
        if (target.Definition.Actions.Count == 0)
        {
            target.Status = ExecutionStatus.Collective;
            return;
        }

        WriteHeader(target.Name);
        var started = time.GetTimestamp();
        try
        {
            foreach (var action in target.Definition.Actions)
                action(context.CancellationToken).GetAwaiter().GetResult();
            target.Status = ExecutionStatus.Succeeded;
        }
        // Whatever a cancelled target throws (OperationCanceledException, or an I/O error from a torn-down
        // request) is the cancellation showing, not a failure of its own.
        catch (Exception) when (context.CancellationToken.IsCancellationRequested)
        {
            target.Status = ExecutionStatus.Aborted;
            context.Log.Warning($"Target '{target.Name}' was aborted: the build was cancelled.");
        }
        catch (Exception exception)
        {
            Fail(target, exception);
        }
        finally
        {
            target.Duration = time.GetElapsedTime(started);
        }
    }

    void Fail(ExecutableTarget target, Exception exception)
    {
        target.Status = ExecutionStatus.Failed;
        var text = exception is BuildException ? exception.Message : ExceptionText.Describe(exception);
        context.Log.Error($"Target '{target.Name}' failed: {text}");
        if (context.Log.Verbosity >= Verbosity.Verbose)
            context.Log.Debug(ExceptionText.Unwrap(exception).ToString());
        // The failure leads the row, before whatever the target reported on its way (e.g. "Passed: 297").
        target.SummaryNotes.Insert(0, new(string.Empty, FirstLine(text)));
    }

    static string FirstLine(string text) => text.ReplaceLineEndings("\n").Split('\n')[0];

    void WriteHeader(string name)
    {
        if (context.Log.Verbosity < Verbosity.Minimal)
            return;
        console.WriteLine();
        console.WriteLine("╬" + new string('═', name.Length + 3), ConsoleColor.Cyan);
        console.WriteLine("║ " + name, ConsoleColor.Cyan);
        console.WriteLine("╬═══", ConsoleColor.Cyan);
    }
}
