using Delivery.Core;
using Delivery.Core.Canary;

namespace Delivery.Engine;

/// <summary>Promote: a person resumes a canary the pipeline's plan (or a zone failure) paused, and it runs to its end.</summary>
public sealed class PromoteUseCase(EngineContext context)
{
    public async Task<RunReport> RunAsync(DeploymentTarget target, CancellationToken ct)
    {
        var session = context.Session(target, LeaseIntent.Deploy, "Promote");
        return await context.ExecuteAsync(session, "Promote", async () =>
        {
            await session.Recorder.StageAsync("lease", () => session.Lease.AcquireAsync(context.Settings.LockTimeout, ct)).ConfigureAwait(false);
            try
            {
                var read = await session.Ledger.ReadAsync(ct).ConfigureAwait(false);
                var status = session.Ledger.StatusOf(read);
                var canary = await context.Marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
                if (!status.InFlight(canary is not null))
                    throw new RequestRefusedException($"Promote {target.Name} refused: no canary is in flight (status {status.Phase}); run ./build.sh Deploy --app {target.Name}.");
                session.Recorder.Release = status.Canary;
                if (status.Phase == CanaryPhase.Paused)
                {
                    context.Progress.Say($"{target.Name}: resuming {status.Canary} (was paused: {status.PauseReason?.Message}).");
                    await session.WriteStatusAsync(read, status.Resume(session.Time.GetUtcNow()), ct).ConfigureAwait(false);
                }
                else
                {
                    context.Progress.Say($"{target.Name}: taking over the unfinished run of {status.Canary} ({status.Phase}).");
                    await session.WriteStatusAsync(read, status.TakenOver(session.Time.GetUtcNow()), ct).ConfigureAwait(false);
                }
                var last = await session.Recorder.StageAsync("canary", () => session.Orchestrator().RunAsync(ct)).ConfigureAwait(false);
                return session.Recorder.Finish(RunOutcomes.Of(last), RunOutcomes.Explain(last));
            }
            finally
            {
                await session.Lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }
}
