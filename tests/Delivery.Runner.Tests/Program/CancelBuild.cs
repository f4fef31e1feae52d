using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

/// <summary>A deployment that is interrupted with Ctrl+C while it waits on the canary.</summary>
internal sealed class CancelBuild : TestBuild
{
    public bool RollbackSawCancelledToken { get; private set; } = true;

    public Target Bake => _ => _.Executes(() => Elapse(TimeSpan.FromSeconds(12)));

    public Target Deploy => _ => _
        .DependsOn(Bake)
        .Executes(async token =>
        {
            Elapse(TimeSpan.FromSeconds(65));
            PressCtrlC();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
        });

    public Target Promote => _ => _
        .DependsOn(Deploy)
        .Executes(() => Ran.Add(nameof(Promote)));

    public Target Rollback => _ => _
        .After(Promote)
        .TriggeredBy(Deploy)
        .AssuredAfterFailure()
        .Executes(token =>
        {
            Ran.Add(nameof(Rollback));
            RollbackSawCancelledToken = token.IsCancellationRequested || CancellationToken.IsCancellationRequested;
            Elapse(TimeSpan.FromSeconds(2));
            ReportSummary("Restored", "lobby@sha256:0ld");
            return Task.CompletedTask;
        });
}
