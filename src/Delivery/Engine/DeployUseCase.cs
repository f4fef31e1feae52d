using Delivery.Core;
using Delivery.Core.Canary;
using Delivery.Core.Hooks;
using Delivery.Core.Values;
using Delivery.Git;
using Delivery.Images;

namespace Delivery.Engine;

/// <summary>
/// Deploy one pipeline: the release at HEAD is already stable (AlreadyLive: no bake, no push, no Marathon write), or
/// it is baked and pushed, the lease is taken, whatever a killed run left is finished or undone, and the canary runs
/// to promotion, rollback or a pause.
/// </summary>
public sealed class DeployUseCase(EngineContext context, IGitRepository git, IImagePublisher images, string repositoryRoot)
{
    public async Task<RunReport> RunAsync(DeploymentTarget target, bool allowDirty, CancellationToken ct)
    {
        var session = context.Session(target, LeaseIntent.Deploy, "Deploy");
        var recorder = session.Recorder;
        return await context.ExecuteAsync(session, "Deploy", async () =>
        {
            var head = git.ReadHead(Path.Combine(repositoryRoot, target.Pipeline.Source), allowDirty);
            var live = await recorder.StageAsync("resolve", () => LiveReleaseAsync(session, ct)).ConfigureAwait(false);
            if (live is not null && !head.Dirty && !live.Dirty && live.Commit == head.Commit)
            {
                recorder.Release = live;
                return recorder.Finish(RunOutcome.AlreadyLive, $"{live} ({live.Digest}) is already the stable release; nothing baked, pushed or changed.");
            }
            await CheckAnalysisAsync(session, ct).ConfigureAwait(false);
            var progress = new Progress<string>(line => context.Progress.Say($"{target.Name}: {line}"));
            var outcome = await recorder.StageAsync("image", () => images.PublishAsync(ImageJob.From(target.Pipeline, repositoryRoot), allowDirty, progress, ct))
                .ConfigureAwait(false);
            recorder.Pushed(outcome);
            var candidate = outcome.Release ?? throw new DeliveryException($"Deploy {target.Name} failed: the image of {head.Tag} has no digest after the push.");
            recorder.Release = candidate;
            await recorder.StageAsync("lease", () => session.Lease.AcquireAsync(context.Settings.LockTimeout, ct)).ConfigureAwait(false);
            try
            {
                return await UnderLeaseAsync(session, candidate, ct).ConfigureAwait(false);
            }
            finally
            {
                await session.Lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Stable's release when nothing is in flight; null when there is no stable app or a run is in flight.</summary>
    private static async Task<Release?> LiveReleaseAsync(PipelineSession session, CancellationToken ct)
    {
        var stable = await session.Marathon.GetAppAsync(session.Target.StableAppId, ct).ConfigureAwait(false);
        if (stable is null) return null;
        var canary = await session.Marathon.GetAppAsync(session.Target.CanaryAppId, ct).ConfigureAwait(false);
        var status = (await session.Ledger.ReadAsync(ct).ConfigureAwait(false)).Status(session.Target.Name);
        return AppWaiter.InFlight(status, canary is not null) ? null : StableLabels.TryRead(stable, session.Target.Name);
    }

    private async Task<RunReport> UnderLeaseAsync(PipelineSession session, Release candidate, CancellationToken ct)
    {
        var target = session.Target;
        var recorder = session.Recorder;
        var read = await session.Ledger.ReadAsync(ct).ConfigureAwait(false);
        var status = read.Status(target.Name);
        var canaryApp = await session.Marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
        var resume = false;
        if (AppWaiter.InFlight(status, canaryApp is not null))
        {
            if (status.Canary?.Digest == candidate.Digest)
            {
                if (status.Phase == CanaryPhase.Paused)
                    return recorder.Finish(RunOutcome.Paused,
                        $"{candidate} is paused: {status.PauseReason?.Message} Resume with ./build.sh Promote --app {target.Name}.");
                context.Progress.Say($"{target.Name}: resuming the unfinished run of {candidate} ({status.Phase}).");
                await session.Ledger.WriteAsync(read, Resumed(status, session.Time.GetUtcNow()), null, ct).ConfigureAwait(false);
                resume = true;
            }
            else if (await UndoAsync(session, read, status, candidate, ct).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }
        }
        if (!resume)
        {
            var stable = await session.Marathon.GetAppAsync(target.StableAppId, ct).ConfigureAwait(false);
            if (stable is null) return await FirstReleaseAsync(session, candidate, ct).ConfigureAwait(false);
            var live = StableLabels.TryRead(stable, target.Name)
                ?? throw new DeliveryException($"Deploy {target.Name} refused: the stable app {target.StableAppId} carries no '{StableLabels.Commit}' label or pinned digest, so there is no known release to fall back to. Label it or remove it first.");
            if (live.Digest == candidate.Digest)
                return recorder.Finish(RunOutcome.Promoted, $"{candidate} ({candidate.Digest}) is the stable release (an earlier run finished it).");
            var begin = CanaryStatus.Begin(session.Run.RunId, session.Policy, live, candidate, stable.Instances ?? target.Pipeline.Instances, session.Time.GetUtcNow());
            await session.Ledger.WriteAsync(await session.Ledger.ReadAsync(ct).ConfigureAwait(false), begin, null, ct).ConfigureAwait(false);
            context.Progress.Say($"{target.Name}: canary of {candidate} beside {live} ({begin.StableSize} stable instance(s)).");
        }
        var last = await recorder.StageAsync("canary", () => session.Orchestrator().RunAsync(ct)).ConfigureAwait(false);
        if (last.Action is CanaryAction.Done { Outcome: CanaryOutcome.Promoted or CanaryOutcome.RolledBack })
            await recorder.StageAsync("post-rollout", () => session.Hooks.RunAsync(HookPhase.PostRollout, last.Status, ct)).ConfigureAwait(false);
        return recorder.Finish(RunOutcomes.Of(last), RunOutcomes.Explain(last));
    }

    /// <summary>
    /// A canary that cannot be judged must not start: with analysis checks, the metrics server must answer before
    /// anything is baked, pushed or changed. (Once the canary runs, an outage is a gate error with its own limit.)
    /// </summary>
    private async Task CheckAnalysisAsync(PipelineSession session, CancellationToken ct)
    {
        if (session.Policy.Analysis.IsEmpty) return;
        if (context.Metrics is null)
            throw new DeliveryException($"Deploy {session.Target.Name} refused: {session.Target.Pipeline.File} has {session.Policy.Analysis.Checks.Count} analysis check(s) but environment {session.Target.Environment.Name} names no prometheus URL to read them from.");
        await session.Recorder.StageAsync("metrics check", () => context.Metrics.CheckAsync(ct)).ConfigureAwait(false);
    }

    /// <summary>Another release's run was left in flight: roll it back first (a newer merge supersedes it).</summary>
    private async Task<RunReport?> UndoAsync(PipelineSession session, LedgerState read, CanaryStatus status, Release candidate, CancellationToken ct)
    {
        var target = session.Target;
        context.Progress.Say($"{target.Name}: undoing the unfinished run of {status.Canary?.ToString() ?? "an unknown release"} ({status.Phase}) before deploying {candidate}.");
        if (status.Phase != CanaryPhase.Unknown)
            await session.Ledger.WriteAsync(read, status.Abort(new CanaryReason("Superseded", $"Superseded by a deploy of {candidate}."), session.Time.GetUtcNow()), null, ct)
                .ConfigureAwait(false);
        var undone = await session.Recorder.StageAsync("undo", () => session.Orchestrator().RunAsync(ct)).ConfigureAwait(false);
        return undone.Action is CanaryAction.Done { Outcome: CanaryOutcome.RolledBack or CanaryOutcome.Idle or CanaryOutcome.Promoted }
            ? null
            : session.Recorder.Finish(RunOutcome.Failed, $"Could not undo the unfinished run before deploying {candidate}: {undone.Reason.Message}");
    }

    /// <summary>No stable app yet: the first release becomes stable directly; there is nothing to compare a canary with.</summary>
    private async Task<RunReport> FirstReleaseAsync(PipelineSession session, Release candidate, CancellationToken ct)
    {
        var target = session.Target;
        var instances = target.Pipeline.Instances;
        context.Progress.Say($"{target.Name}: no stable app yet; starting {candidate} as {target.StableAppId} with {instances} instance(s).");
        await session.Marathon.PutAppAsync(AppDefinitions.Stable(target, candidate, instances, ReleaseHistory.Empty), ct: ct).ConfigureAwait(false);
        var healthy = await session.Recorder.StageAsync("promotion",
            () => AppWaiter.StableHealthyAsync(session, instances, session.Policy.PromotionDeadline, "the first release", ct)).ConfigureAwait(false);
        return healthy
            ? session.Recorder.Finish(RunOutcome.Promoted, $"{candidate} is the first stable release ({candidate.Digest}).")
            : session.Recorder.Finish(RunOutcome.Failed, $"The first release {candidate} was not healthy within {session.Policy.PromotionDeadline.TotalMinutes:0.#}m.");
    }

    /// <summary>
    /// A run taken over from a killed one restarts the clock of the step it was on: the minutes the run lay dead (until
    /// its lease expired) are not the canary's fault and must not count against its health or promotion deadline.
    /// </summary>
    internal static CanaryStatus Resumed(CanaryStatus status, DateTimeOffset now) =>
        status.Phase is CanaryPhase.Progressing or CanaryPhase.Promoting ? status with { StepStartedAt = now } : status;
}
