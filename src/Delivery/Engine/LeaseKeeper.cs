using Delivery.Core;
using Delivery.Core.Canary;
using Delivery.Core.Leases;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>The lease was taken by someone else while this run held it (a Rollback pre-empts a Deploy).</summary>
public sealed class LeaseLostException(string message) : DeliveryException(message);

/// <summary>The lease could not be taken within the wait limit (<c>--lock-timeout</c>): another run holds it.</summary>
public sealed class LeaseTimeoutException(string message) : DeliveryException(message);

/// <summary>What an attempt to take the lease came to: the lease (<paramref name="Mine"/>), or the holder that kept it.</summary>
public sealed record LeaseAttempt(LeaseRecord? Mine, LeaseRecord? Holder, TimeSpan Waited);

/// <summary>
/// Holds a pipeline's deployment lease for one run (<see cref="LeaseRules"/>): takes an epoch by creating its app,
/// checks before every write of the run that no newer epoch exists (the fence), renews during waits, and releases at
/// the end. Expiry is judged on this process's monotonic clock (<see cref="TimeProvider.GetTimestamp"/>) from the last
/// change it saw, never by comparing another machine's clock. No settle wait anywhere: Marathon's refusal to create an
/// existing app is the only arbiter.
/// </summary>
/// <param name="poll">How often a run waiting for the lease looks again.</param>
public sealed class LeaseKeeper(IMarathonApps marathon, DeploymentTarget target, RunIdentity run, ProgressLog progress, TimeProvider time, TimeSpan? poll = null)
{
    private readonly LeaseWatch _watch = new(time);
    private LeaseRecord? _mine;
    private int _renewal;
    private long _renewedAt;
    private string _created = "";
    private long _floor;

    /// <summary>The epoch this run holds (0 before it holds one): every status it writes carries it.</summary>
    public long Epoch => _mine?.Epoch ?? 0;

    /// <summary>Told when this run took the lease from a holder that had not given it back (gone, expired, pre-empted).</summary>
    public Action<LeaseRecord, string>? TakenOver { get; set; }

    /// <summary>How the last acquisition went, for people and drills: the move and what Marathon answered.</summary>
    public string? How { get; private set; }

    /// <summary>Takes the lease, waiting up to <paramref name="waitLimit"/> for its holder.</summary>
    /// <exception cref="LeaseTimeoutException">Another run held it for the whole wait (<c>--lock-timeout</c>).</exception>
    public async Task<LeaseRecord> AcquireAsync(TimeSpan waitLimit, CancellationToken ct)
    {
        var attempt = await TryAcquireAsync(waitLimit, ct).ConfigureAwait(false);
        return attempt.Mine ?? throw new LeaseTimeoutException(
            $"Tried to take the deployment lease of {target.Name} but failed because {attempt.Holder} holds it; waited {attempt.Waited.TotalSeconds:0}s.");
    }

    /// <summary>
    /// Takes the lease, or says who held it for the whole of <paramref name="waitLimit"/>: for a caller to whom a live
    /// holder is a normal answer (Reconcile leaves that run to it), not a failure.
    /// </summary>
    public async Task<LeaseAttempt> TryAcquireAsync(TimeSpan waitLimit, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            IReadOnlyList<LeaseRecord> leases;
            try
            {
                leases = await ReadAsync(ct).ConfigureAwait(false);
            }
            catch (MarathonException e) when (MarathonOutage.IsTransient(e) && time.GetElapsedTime(started) < waitLimit)
            {
                // Marathon away (a failover): keep asking until the wait limit, as for a held lease. Renewals the holder
                // made meanwhile were not seen, so the count towards expiry starts again once Marathon answers.
                _watch.Forget();
                progress.Waiting($"lease {target.Name}", $"Marathon does not answer while taking the lease of {target.Name} ({e.Message})", time.GetUtcNow() - time.GetElapsedTime(started));
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false);
                continue;
            }
            var newest = leases.LastOrDefault();
            var gone = newest is not null && newest.RunId != run.RunId && HolderProcess.IsDeadHere(newest.Holder);
            switch (LeaseRules.Decide(newest, _watch.UnchangedFor(newest), run.RunId, run.Intent, gone))
            {
                case LeaseMove.Hold hold:
                    How = $"already held epoch {hold.Mine.Epoch} (version {hold.Mine.Version})";
                    return new LeaseAttempt(Took(hold.Mine), null, time.GetElapsedTime(started));
                case LeaseMove.Take take:
                    // An epoch whose app exists but holds no readable lease (labels edited by hand) can never be taken:
                    // the next contender goes past it.
                    var epoch = Math.Max(take.Epoch, _floor);
                    LeaseRecord? created;
                    try { created = await TryCreateAsync(epoch, ct).ConfigureAwait(false); }
                    catch (MarathonException e) when (MarathonOutage.IsTransient(e)) { created = null; }
                    if (created is { } mine)
                    {
                        How = $"created epoch {mine.Epoch} ({take.Why}; newest was {take.From?.ToString() ?? "none"}, version {take.From?.Version}; {_created})";
                        if (take.From is { Released: false } from) TookOver(from, take.Why);
                        await CollectOldAsync(mine.Epoch, ct).ConfigureAwait(false);
                        return new LeaseAttempt(Took(mine), null, time.GetElapsedTime(started));
                    }
                    // Another contender created that epoch first, or Marathon did not answer: look again shortly, within the limit.
                    if (time.GetElapsedTime(started) >= waitLimit)
                        throw new DeliveryException($"Tried to take the deployment lease of {target.Name} but failed because epoch {epoch} could not be created ({_created}); waited {time.GetElapsedTime(started).TotalSeconds:0}s.");
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct).ConfigureAwait(false);
                    break;
                case LeaseMove.Wait wait:
                    var waited = time.GetElapsedTime(started);
                    if (waited >= waitLimit) return new LeaseAttempt(null, wait.Holder, waited);
                    progress.Waiting($"lease {target.Name}", $"Waiting for the lease of {target.Name}, held by {wait.Holder} (taken over if not renewed within {wait.Left.TotalSeconds:0}s)", time.GetUtcNow() - waited);
                    var pause = poll ?? TimeSpan.FromSeconds(2);
                    var left = waitLimit - waited;
                    await Task.Delay(left < pause ? left : pause, time, ct).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// The fence, before a pass acts: no newer epoch exists and this run's epoch is not released; renews it when due.
    /// A pre-empted run stops here, before its next write.
    /// </summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        var mine = _mine ?? throw new InvalidOperationException("The lease must be taken before a pass acts.");
        var leases = await ReadAsync(ct).ConfigureAwait(false);
        if (leases.LastOrDefault() is { } newest && newest.Epoch > mine.Epoch)
            throw new LeaseLostException($"Stopped the run of {target.Name} because {newest.Holder} took its lease ({newest.Intent}, epoch {newest.Epoch}); it now owns the deployment.");
        if (leases.FirstOrDefault(l => l.Epoch == mine.Epoch) is not { } current || current.RunId != run.RunId || current.Released)
            throw new LeaseLostException($"Stopped the run of {target.Name} because its lease (epoch {mine.Epoch}) is no longer its own.");
        if (time.GetElapsedTime(_renewedAt) >= LeaseRules.RenewEvery) await WriteAsync(mine.Epoch, released: false, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> (a hook, a slow Marathon write) while renewing the lease every
    /// <see cref="LeaseRules.RenewEvery"/>, so that a long smoke test is not mistaken for a dead run. A lease lost
    /// meanwhile is reported once the work has ended (it cannot be interrupted half-way safely).
    /// </summary>
    public async Task WhileHeldAsync(Func<Task> work, CancellationToken ct)
    {
        var running = work();
        LeaseLostException? lost = null;
        while (true)
        {
            using var tickDone = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var tick = Task.Delay(LeaseRules.RenewEvery, time, tickDone.Token);
            if (running.IsCompleted || await Task.WhenAny(running, tick).ConfigureAwait(false) == running)
            {
                tickDone.Cancel(); // synchronously: no hop to another thread between a pass's steps
                break;
            }
            if (lost is not null) continue;
            try { await CheckAsync(ct).ConfigureAwait(false); }
            catch (LeaseLostException e) { lost = e; }
            catch (MarathonException)
            {
                // Marathon did not answer this renewal: the work goes on, the next tick tries again, and the fence of
                // the next pass decides (the lease lasts three renewals).
            }
        }
        await running.ConfigureAwait(false);
        if (lost is not null) throw lost;
    }

    /// <summary>Gives the lease back if it is still this run's newest; a failure here only delays the next run until expiry.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        if (_mine is not { } mine) return;
        try
        {
            var newest = (await ReadAsync(ct).ConfigureAwait(false)).LastOrDefault();
            if (newest is not null && newest.Epoch == mine.Epoch && newest.RunId == run.RunId && !newest.Released)
                await WriteAsync(mine.Epoch, released: true, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DeliveryException or OperationCanceledException)
        {
            progress.Say($"Could not give back the lease of {target.Name} ({e.Message}); it expires by itself.");
        }
        finally
        {
            _mine = null;
        }
    }

    /// <summary>Every lease record of this pipeline's stable app, by epoch.</summary>
    public Task<IReadOnlyList<LeaseRecord>> ReadAsync(CancellationToken ct) => ReadAsync(marathon, target, ct);

    /// <summary>Every lease record of <paramref name="target"/>, by epoch (what Status shows, without holding anything).</summary>
    public static async Task<IReadOnlyList<LeaseRecord>> ReadAsync(IMarathonReader marathon, DeploymentTarget target, CancellationToken ct)
    {
        var apps = await marathon.ListAppsAsync(LeaseApps.Selector(target.Name), ct).ConfigureAwait(false);
        return apps.Select(a => LeaseApps.Read(target.StableAppId, a.Id, a.Labels, a.Version)).OfType<LeaseRecord>()
            .OrderBy(l => l.Epoch).ToList();
    }

    private void TookOver(LeaseRecord from, string why)
    {
        progress.Say($"Took the lease of {target.Name} from {from}: {why}.");
        TakenOver?.Invoke(from, why);
    }

    private LeaseRecord Took(LeaseRecord mine)
    {
        _mine = mine;
        _renewedAt = time.GetTimestamp();
        return mine;
    }

    /// <summary>
    /// Creates the epoch's app. An answer lost after Marathon created it looks like a failure, and a retry then gets 409:
    /// so a 409 or a lost answer is settled by reading the app back and asking whose run it names.
    /// </summary>
    private async Task<LeaseRecord?> TryCreateAsync(long epoch, CancellationToken ct)
    {
        var id = LeaseApps.AppId(target.StableAppId, epoch);
        _renewal = 0;
        try
        {
            await marathon.CreateAppAsync(App(id, released: false), ct).ConfigureAwait(false);
            _created = "created";
        }
        catch (MarathonException e) when (e is MarathonAppExistsException || MarathonOutage.IsTransient(e))
        {
            // Settled below by what Marathon now holds.
            _created = $"create answered {e.StatusCode?.ToString() ?? "nothing"}";
        }
        var app = await marathon.GetAppAsync(id, ct).ConfigureAwait(false);
        var record = app is null ? null : LeaseApps.Read(target.StableAppId, app.Id, app.Labels, app.Version);
        if (app is not null && record is null)
        {
            _floor = epoch + 1;
            _created += $", but {id} holds no readable lease";
        }
        if (record is null || record.RunId != run.RunId) return null;
        // A create that waited long in the network can land after that epoch was collected, under newer ones: it then
        // made an old epoch again, which holds nothing. (Found by the torture test; the fence would have stopped it anyway.)
        if ((await ReadAsync(ct).ConfigureAwait(false)).LastOrDefault() is { } newest && newest.Epoch > epoch)
        {
            _created += $", but epoch {newest.Epoch} is newer";
            return null;
        }
        return record;
    }

    private async Task WriteAsync(long epoch, bool released, CancellationToken ct)
    {
        _renewal++;
        var result = await marathon.PutAppAsync(App(LeaseApps.AppId(target.StableAppId, epoch), released), force: true, ct: ct).ConfigureAwait(false);
        _renewedAt = time.GetTimestamp();
        if (_mine is { } mine) _mine = mine with { Released = released, Version = result.Version ?? mine.Version };
    }

    private MarathonApp App(string id, bool released) =>
        AppDefinitions.Lease(id, LeaseApps.Labels(target.Name, run.Holder, run.RunId, run.Intent, released, _renewal));

    /// <summary>Old epochs are history; keep a few for people and delete the rest (never the newest: it is the fence).</summary>
    private async Task CollectOldAsync(long newest, CancellationToken ct)
    {
        const int keep = 5;
        try
        {
            foreach (var old in (await ReadAsync(ct).ConfigureAwait(false)).Where(l => l.Epoch < newest - keep))
                await marathon.DeleteAppAsync(LeaseApps.AppId(target.StableAppId, old.Epoch), ct).ConfigureAwait(false);
        }
        catch (MarathonException)
        {
            // Leftovers only cost a listing; the next holder tries again.
        }
    }
}
