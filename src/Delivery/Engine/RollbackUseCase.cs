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
            var (plan, image) = await PlanAsync(session, to, undoRuns, ct).ConfigureAwait(false);
            if (plan is not RollbackPlan.Act first) return Settle(session, plan);
            var checkedImage = await CheckImageAsync(session, first.Intent, image, ct).ConfigureAwait(false);
            await session.Recorder.StageAsync("lease", () => session.Lease.AcquireAsync(context.Settings.LockTimeout, ct)).ConfigureAwait(false);
            try
            {
                // Decided again under the lease: the run this one pre-empted may have moved on meanwhile.
                (plan, image) = await PlanAsync(session, to, undoRuns, ct).ConfigureAwait(false);
                if (plan is not RollbackPlan.Act intent) return Settle(session, plan);
                if (intent.Intent.Target?.Digest != checkedImage) await CheckImageAsync(session, intent.Intent, image, ct).ConfigureAwait(false);
                session.Recorder.Release = intent.Intent.Target?.ToRelease(target.Name, Known(session, image)) ?? intent.Intent.Stable;
                context.Progress.Say($"{target.Name}: {intent.Say}.");
                if (intent.Intent.Phase != CanaryPhase.Unknown)
                    await session.Recorder.StageAsync("intent", async () =>
                        await session.WriteStatusAsync(await session.Ledger.ReadAsync(ct).ConfigureAwait(false), intent.Intent, ct).ConfigureAwait(false)).ConfigureAwait(false);
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
        RollbackPlan.Refused refused => throw new RequestRefusedException($"Rollback {session.Target.Name} refused: {refused.Problem}"),
        _ => throw new InvalidOperationException($"Unexpected rollback plan {plan}"),
    };

    /// <summary>The plan from what Marathon holds now, and the stable app's image (null when there is no stable app).</summary>
    private static async Task<(RollbackPlan Plan, ImageReference? Image)> PlanAsync(PipelineSession session, string? to, IReadOnlyCollection<string>? undoRuns, CancellationToken ct)
    {
        var target = session.Target;
        var status = session.Ledger.StatusOf(await session.Ledger.ReadAsync(ct).ConfigureAwait(false));
        var canary = await session.Marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
        var stable = await session.Marathon.GetAppAsync(target.StableAppId, ct).ConfigureAwait(false);
        StableFacts? facts = null;
        ImageReference? stableImage = null;
        if (stable is not null && ImageReference.TryParse(stable.Image, out var image))
        {
            stableImage = image;
            facts = new StableFacts(StableLabels.TryRead(stable, target.Name), image.Digest, image, StableLabels.History(stable), stable.Instances ?? target.Pipeline.Instances,
                stable.Labels?.GetValueOrDefault(StableLabels.RestoredBy));
        }
        var plan = RollbackPlanner.Decide(status, facts, canary is not null, string.IsNullOrWhiteSpace(to) ? null : to.Trim(), undoRuns,
            session.Run.RunId, session.Run.Holder, session.Time.GetUtcNow());
        return (plan, stableImage);
    }

    /// <summary>
    /// A restore whose image the registry no longer holds is refused before anything is written. Returns the digest
    /// checked (null when there was nothing to check).
    /// </summary>
    private async Task<Digest?> CheckImageAsync(PipelineSession session, CanaryStatus intent, ImageReference? stableImage, CancellationToken ct)
    {
        if (intent.Phase != CanaryPhase.Restoring || intent.Target is not { } target || context.Images is null) return null;
        var image = target.ToRelease(session.Target.Name, Known(session, stableImage)).Image;
        if (!await session.Recorder.StageAsync("image check", () => context.Images.ExistsAsync(image, ct)).ConfigureAwait(false))
            throw new RequestRefusedException($"Rollback {session.Target.Name} refused: the image of {RollbackPlanner.Describe(target)} is no longer in the registry ({image}); nothing was changed. Choose another release with --to.");
        return target.Digest;
    }

    private static ImageReference Known(PipelineSession session, ImageReference? stableImage) =>
        stableImage ?? throw new DeliveryException($"Rollback {session.Target.Name} failed: Marathon has no stable app {session.Target.StableAppId}.");
}
