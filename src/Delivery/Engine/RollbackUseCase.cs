using Delivery.Core;
using Delivery.Core.Canary;
using Delivery.Core.Values;

namespace Delivery.Engine;

/// <summary>
/// Rollback, for incidents, trustworthy by construction: the plan (abort, restore which release, or nothing) is
/// decided purely (<see cref="RollbackPlanner"/>), the target's image is checked, then the lease is taken (pre-empting
/// a Deploy), the intent is written into the run status before any other write, and the one reconciler carries it out.
/// Run again after a kill or a timeout, it finds its intent and converges to the same target.
/// </summary>
public sealed class RollbackUseCase(EngineContext context)
{
    /// <param name="undoRuns">After a Deploy in the same invocation: that Deploy's run ids; only what they left is undone.</param>
    public async Task<RunReport> RunAsync(DeploymentTarget target, string? to, CancellationToken ct, IReadOnlyCollection<string>? undoRuns = null)
    {
        var session = context.Session(target, LeaseIntent.Rollback, "Rollback");
        return await context.ExecuteAsync(session, "Rollback", async () =>
        {
            var plan = await PlanAsync(session, to, undoRuns, ct).ConfigureAwait(false);
            if (plan is RollbackPlan.Act act) await CheckImageAsync(session, act.Intent, ct).ConfigureAwait(false);
            if (plan is not RollbackPlan.Act) return Settle(session, plan);
            await session.Recorder.StageAsync("lease", () => session.Lease.AcquireAsync(context.Settings.LockTimeout, ct)).ConfigureAwait(false);
            try
            {
                // Decided again under the lease: the run this one pre-empted may have moved on meanwhile.
                plan = await PlanAsync(session, to, undoRuns, ct).ConfigureAwait(false);
                if (plan is not RollbackPlan.Act intent) return Settle(session, plan);
                session.Recorder.Release = intent.Intent.Target?.ToRelease(target.Name, await ImageOfAsync(session, ct).ConfigureAwait(false)) ?? intent.Intent.Stable;
                context.Progress.Say($"{target.Name}: {intent.Say}.");
                if (intent.Intent.Phase != CanaryPhase.Unknown)
                    await session.Recorder.StageAsync("intent", async () =>
                        await session.Ledger.WriteAsync(await session.Ledger.ReadAsync(ct).ConfigureAwait(false), intent.Intent, ct).ConfigureAwait(false)).ConfigureAwait(false);
                var last = await session.Recorder.StageAsync("rollback", () => session.Orchestrator().RunAsync(ct)).ConfigureAwait(false);
                var done = last.Action is CanaryAction.Done { Outcome: CanaryOutcome.RolledBack or CanaryOutcome.Idle or CanaryOutcome.Restored };
                return session.Recorder.Finish(done ? RunOutcome.RolledBack : RunOutcomes.Of(last), RunOutcomes.Explain(last));
            }
            finally
            {
                await session.Lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private RunReport Settle(PipelineSession session, RollbackPlan plan) => plan switch
    {
        RollbackPlan.Nothing nothing => session.Recorder.Finish(nothing.WasUndo ? RunOutcome.AlreadyLive : RunOutcome.RolledBack, nothing.Reason),
        RollbackPlan.Refused refused => throw new DeliveryException($"Rollback {session.Target.Name} refused: {refused.Problem}"),
        _ => throw new InvalidOperationException($"Unexpected rollback plan {plan}"),
    };

    private static async Task<RollbackPlan> PlanAsync(PipelineSession session, string? to, IReadOnlyCollection<string>? undoRuns, CancellationToken ct)
    {
        var target = session.Target;
        var status = session.Ledger.StatusOf(await session.Ledger.ReadAsync(ct).ConfigureAwait(false));
        var canary = await session.Marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
        var stable = await session.Marathon.GetAppAsync(target.StableAppId, ct).ConfigureAwait(false);
        StableFacts? facts = null;
        if (stable is not null && ImageReference.TryParse(stable.Image, out var image))
            facts = new StableFacts(StableLabels.TryRead(stable, target.Name), image.Digest, image, StableLabels.History(stable), stable.Instances ?? target.Pipeline.Instances,
                stable.Labels?.GetValueOrDefault(StableLabels.RestoredBy));
        return RollbackPlanner.Decide(status, facts, canary is not null, string.IsNullOrWhiteSpace(to) ? null : to.Trim(), undoRuns,
            session.Run.RunId, session.Run.Holder, session.Time.GetUtcNow());
    }

    /// <summary>A restore whose image the registry no longer holds is refused before anything is written.</summary>
    private async Task CheckImageAsync(PipelineSession session, CanaryStatus intent, CancellationToken ct)
    {
        if (intent.Phase != CanaryPhase.Restoring || intent.Target is not { } target || context.Images is null) return;
        var image = target.ToRelease(session.Target.Name, await ImageOfAsync(session, ct).ConfigureAwait(false)).Image;
        if (!await session.Recorder.StageAsync("image check", () => context.Images.ExistsAsync(image, ct)).ConfigureAwait(false))
            throw new DeliveryException($"Rollback {session.Target.Name} refused: the image of {RollbackPlanner.Describe(target)} is no longer in the registry ({image}); nothing was changed. Choose another release with --to.");
    }

    private static async Task<ImageReference> ImageOfAsync(PipelineSession session, CancellationToken ct)
    {
        var stable = await session.Marathon.GetAppAsync(session.Target.StableAppId, ct).ConfigureAwait(false);
        return stable is not null && ImageReference.TryParse(stable.Image, out var image) ? image
            : throw new DeliveryException($"Rollback {session.Target.Name} failed: Marathon has no stable app {session.Target.StableAppId}.");
    }
}
