using Delivery.Core;
using Delivery.Core.Canary;

namespace Delivery.Engine;

/// <summary>The lease was taken by someone else while this run held it (a Rollback pre-empts a Deploy).</summary>
public sealed class LeaseLostException(string message) : DeliveryException(message);

/// <summary>
/// Takes the pipeline's lease with <see cref="DeploymentLease"/>'s read, write, settle, confirm protocol, waiting up to
/// a limit while another run holds it, and gives it back at the end. The waits run on the injected clock.
/// </summary>
public sealed class LeaseKeeper(Ledger ledger, DeploymentTarget target, RunIdentity run, ProgressLog progress, TimeProvider time)
{
    public async Task<Lease> AcquireAsync(TimeSpan waitLimit, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var deadline = started + waitLimit;
        while (true)
        {
            var read = await ledger.ReadAsync(ct).ConfigureAwait(false);
            var readAt = time.GetUtcNow();
            switch (Decide(read.Lease, readAt))
            {
                case LeaseDecision.Held held:
                    return held.Lease;
                case LeaseDecision.Write write when DeploymentLease.MayWrite(readAt, time.GetUtcNow()):
                    var version = await ledger.WriteLeaseAsync(read, write.Lease, ct).ConfigureAwait(false);
                    await Task.Delay(DeploymentLease.SettleDelay, time, ct).ConfigureAwait(false);
                    var again = await ledger.ReadAsync(ct).ConfigureAwait(false);
                    if (DeploymentLease.Confirm(write.Lease, version ?? "", again.Lease, again.Version ?? ""))
                    {
                        if (write.PreEmpts && read.Lease is { } taken)
                            progress.Say($"Took the lease of {target.Name} from {taken}: a rollback pre-empts a deploy.");
                        return write.Lease;
                    }
                    // Another writer won this round; a contended ledger must not keep this run past its limit either.
                    if (time.GetUtcNow() >= deadline)
                        throw new DeliveryException(
                            $"Tried to take the deployment lease of {target.Name} but failed because {again.Lease?.ToString() ?? "another run"} kept writing it; waited {(time.GetUtcNow() - started).TotalSeconds:0}s.");
                    break;
                case LeaseDecision.Blocked blocked:
                    var now = time.GetUtcNow();
                    if (now >= deadline)
                        throw new DeliveryException(
                            $"Tried to take the deployment lease of {target.Name} but failed because {blocked.Holder} holds it; waited {(now - started).TotalSeconds:0}s.");
                    progress.Waiting($"lease {target.Name}", $"Waiting for the lease of {target.Name}, held by {blocked.Holder}", started);
                    var pause = TimeSpan.FromSeconds(2);
                    await Task.Delay(deadline - now < pause ? deadline - now : pause, time, ct).ConfigureAwait(false);
                    break;
            }
        }
    }

    // A lease whose holder was killed on this machine is as good as expired (HolderProcess says why).
    private LeaseDecision Decide(Lease? current, DateTimeOffset now)
    {
        if (current is not null && current.RunId != run.RunId && !current.ExpiredAt(now) && HolderProcess.IsDeadHere(current.Holder))
        {
            progress.Say($"The lease of {target.Name} is held by {current.Holder}, whose process is gone; taking it over.");
            current = null;
        }
        return DeploymentLease.Decide(current, run.Holder, run.RunId, run.Intent, now);
    }

    /// <summary>
    /// Before a pass acts: the lease must still be this run's. Returns a renewed lease to write with the status when a
    /// renewal is due, or null when the current one is fine.
    /// </summary>
    public Lease? CheckBeforeActing(LedgerState read)
    {
        var now = time.GetUtcNow();
        var current = read.Lease;
        if (current is not null && current.RunId != run.RunId && !current.ExpiredAt(now))
            throw new LeaseLostException($"Stopped the run of {target.Name} because {current.Holder} took its lease ({current.Intent}); it now owns the deployment.");
        return DeploymentLease.Decide(current, run.Holder, run.RunId, run.Intent, now) is LeaseDecision.Write write ? write.Lease : null;
    }

    /// <summary>Gives the lease back if it is still this run's; a failure here only delays the next run until expiry.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        try
        {
            var read = await ledger.ReadAsync(ct).ConfigureAwait(false);
            if (read.Lease?.RunId == run.RunId) await ledger.ReleaseLeaseAsync(read, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DeliveryException or OperationCanceledException)
        {
            progress.Say($"Could not give back the lease of {target.Name} ({e.Message}); it expires by itself.");
        }
    }
}
