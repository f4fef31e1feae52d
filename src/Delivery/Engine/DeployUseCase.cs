using Delivery.Core;
using Delivery.Core.Canary;
using Delivery.Core.Hooks;
using Delivery.Core.Values;
using Delivery.Git;
using Delivery.Images;

namespace Delivery.Engine;

/// <summary>
/// Deploy one pipeline: the release at HEAD is already stable (AlreadyLive: no bake, no push, no Marathon write), or
/// it is baked and pushed, the lease is taken, whatever a killed run left is finished or undone, and the release runs
/// as a canary (or, with no stable app yet, starts as the first stable release) to promotion, rollback or a pause.
/// Every path writes its intent into the run status first and is carried out by the one reconciler.
/// </summary>
public sealed class DeployUseCase(EngineContext context, IGitRepository git, IImagePublisher images, string repositoryRoot)
{
    /// <param name="force">A commit prefix that allows deploying that release although it was rolled back before.</param>
    public async Task<RunReport> RunAsync(DeploymentTarget target, bool allowDirty, CancellationToken ct, string? force = null)
    {
        var session = context.Session(target, LeaseIntent.Deploy, "Deploy");
        var recorder = session.Recorder;
        return await context.ExecuteAsync(session, "Deploy", async () =>
        {
            var head = git.ReadHead(Path.Combine(repositoryRoot, target.Pipeline.Source), allowDirty);
            var (live, history, rejected) = await recorder.StageAsync("resolve", () => LiveReleaseAsync(session, ct)).ConfigureAwait(false);
            if (live is not null && !head.Dirty && !live.Dirty && live.Commit == head.Commit)
            {
                recorder.Release = live;
                return recorder.Finish(RunOutcome.AlreadyLive, $"{live} ({live.Digest}) is already the stable release; nothing baked, pushed or changed.");
            }
            RefuseRolledBack(target, head.Commit, history?.Find(head.Commit) is { RolledBack: true } || rejected.Contains(head.Commit.Value), force);
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

    /// <summary>
    /// A release that was rolled back is not deployed again by a CI retry of the same commit: only a person naming it
    /// with <c>--force</c> does that. Checked before anything is baked.
    /// </summary>
    private static void RefuseRolledBack(DeploymentTarget target, CommitId head, bool rolledBack, string? force)
    {
        if (!rolledBack) return;
        var commit = head.Value;
        if (force is { Length: >= RollbackTargets.MinimumCommitPrefix } given && commit.StartsWith(given.ToLowerInvariant(), StringComparison.Ordinal)) return;
        throw new RequestRefusedException(
            $"Deploy {target.Name} refused: {target.Name}@{commit[..12]} was rolled back before. " +
            $"Fix it in a new commit, or deploy it again on purpose with --force {commit[..12]}.");
    }

    /// <summary>
    /// Stable's release (null when there is none or a run is in flight), the history of releases it ran, and the
    /// commits whose canaries were rolled back.
    /// </summary>
    private static async Task<(Release? Live, ReleaseHistory? History, IReadOnlyList<string> Rejected)> LiveReleaseAsync(PipelineSession session, CancellationToken ct)
    {
        var ledger = await session.Ledger.ReadAsync(ct).ConfigureAwait(false);
        var stable = await session.Marathon.GetAppAsync(session.Target.StableAppId, ct).ConfigureAwait(false);
        if (stable is null) return (null, null, ledger.Rejected);
        var canary = await session.Marathon.GetAppAsync(session.Target.CanaryAppId, ct).ConfigureAwait(false);
        var live = ledger.Status(session.Target.Name).InFlight(canary is not null) ? null : StableLabels.TryRead(stable, session.Target.Name);
        return (live, StableLabels.History(stable), ledger.Rejected);
    }

    private async Task<RunReport> UnderLeaseAsync(PipelineSession session, Release candidate, CancellationToken ct)
    {
        var target = session.Target;
        var recorder = session.Recorder;
        var read = await session.Ledger.ReadAsync(ct).ConfigureAwait(false);
        var status = session.Ledger.StatusOf(read);
        var canaryApp = await session.Marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
        var resume = false;
        if (status.InFlight(canaryApp is not null))
        {
            if (status.Canary?.Digest == candidate.Digest && status.Phase is not (CanaryPhase.Restoring or CanaryPhase.RollingBack))
            {
                if (status.Phase == CanaryPhase.Paused)
                    return recorder.Finish(RunOutcome.Paused,
                        $"{candidate} is paused: {status.PauseReason?.Message} Resume with ./build.sh Promote --app {target.Name}.");
                context.Progress.Say($"{target.Name}: resuming the unfinished run of {candidate} ({status.Phase}).");
                await session.WriteStatusAsync(read, status.TakenOver(session.Time.GetUtcNow()), ct).ConfigureAwait(false);
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
            var now = session.Time.GetUtcNow();
            CanaryStatus begin;
            if (stable is null)
            {
                begin = new CanaryStatus
                {
                    Phase = CanaryPhase.Launching, RunId = session.Run.RunId, StepStartedAt = now, Canary = candidate,
                    StableSize = target.Pipeline.Instances, StableTarget = target.Pipeline.Instances,
                };
            }
            else
            {
                var live = StableLabels.TryRead(stable, target.Name)
                    ?? throw new RequestRefusedException($"Deploy {target.Name} refused: the stable app {target.StableAppId} carries no '{StableLabels.Commit}' label or pinned digest, so there is no known release to fall back to. Label it or remove it first.");
                if (live.Digest == candidate.Digest)
                    return recorder.Finish(RunOutcome.Promoted, $"{candidate} ({candidate.Digest}) is the stable release (an earlier run finished it).");
                begin = CanaryStatus.Begin(session.Run.RunId, session.Policy, live, candidate, stable.Instances ?? target.Pipeline.Instances, now);
                context.Progress.Say($"{target.Name}: canary of {candidate} beside {live} ({begin.StableSize} stable instance(s)).");
            }
            await session.WriteStatusAsync(await session.Ledger.ReadAsync(ct).ConfigureAwait(false), begin, ct).ConfigureAwait(false);
        }
        var last = await recorder.StageAsync("canary", () => session.Orchestrator().RunAsync(ct)).ConfigureAwait(false);
        if (last.Action is CanaryAction.Done { Outcome: CanaryOutcome.Promoted or CanaryOutcome.RolledBack } && last.Status.Stable is not null)
            await recorder.StageAsync("post-rollout", () => session.Lease.WhileHeldAsync(() => session.Hooks.RunAsync(HookPhase.PostRollout, last.Status, ct), ct))
                .ConfigureAwait(false);
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
            throw new RequestRefusedException($"Deploy {session.Target.Name} refused: {session.Target.Pipeline.File} has {session.Policy.Analysis.Checks.Count} analysis check(s) but environment {session.Target.Environment.Name} names no prometheus URL to read them from.");
        await session.Recorder.StageAsync("metrics check", () => context.Metrics.CheckAsync(ct)).ConfigureAwait(false);
    }

    /// <summary>Another release's run (or a rollback) was left in flight: finish undoing it first (a newer merge supersedes it).</summary>
    private async Task<RunReport?> UndoAsync(PipelineSession session, LedgerState read, CanaryStatus status, Release candidate, CancellationToken ct)
    {
        var target = session.Target;
        context.Progress.Say($"{target.Name}: finishing the unfinished {(status.Phase is CanaryPhase.Restoring ? "restore" : $"run of {status.Canary?.ToString() ?? "an unknown release"}")} ({status.Phase}) before deploying {candidate}.");
        if (status.Phase is not (CanaryPhase.Unknown or CanaryPhase.Launching))
            await session.WriteStatusAsync(read, status.Abort(CanaryReasons.Superseded(candidate), session.Time.GetUtcNow()), ct)
                .ConfigureAwait(false);
        var undone = await session.Recorder.StageAsync("undo", () => session.Orchestrator().RunAsync(ct)).ConfigureAwait(false);
        return undone.Action is CanaryAction.Done { Outcome: CanaryOutcome.RolledBack or CanaryOutcome.Idle or CanaryOutcome.Promoted or CanaryOutcome.Restored }
            ? null
            : session.Recorder.Finish(RunOutcome.Failed, $"Could not finish the unfinished run before deploying {candidate}: {undone.Reason.Message}");
    }
}
