namespace Delivery.Sandbox.Players;

/// <param name="RequestsPerSecond">Steady rate over all tasks together; 1..<see cref="MaxRate"/>.</param>
/// <param name="Duration">The run stops by itself after this long; at most <see cref="MaxDuration"/>.</param>
public sealed record PlayerRunOptions(string Service, double RequestsPerSecond, TimeSpan Duration)
{
    public const double MaxRate = 200;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(30);

    /// <summary>In-flight requests beyond this are not sent (counted as unreachable): a stuck service must not pile up sockets.</summary>
    public int MaxInFlight { get; init; } = 64;

    public TimeSpan RediscoverEvery { get; init; } = TimeSpan.FromSeconds(2);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Service))
            throw new ArgumentException("Tried to start players but no service was named");
        if (RequestsPerSecond is <= 0 or > MaxRate)
            throw new ArgumentException($"Tried to start players for {Service} but {RequestsPerSecond} requests per second is outside 0..{MaxRate}");
        if (Duration <= TimeSpan.Zero || Duration > MaxDuration)
            throw new ArgumentException($"Tried to start players for {Service} but a duration of {Duration} is outside 0..{MaxDuration}");
    }
}

/// <summary>
/// A bounded run of players: a steady request rate spread round-robin over every routable task of the service (both
/// tracks), re-discovered every few seconds so that new and removed tasks are followed as a load balancer would.
/// </summary>
public sealed class PlayerRun(PlayerRunOptions options, ServiceTargets discovery, HttpClient http, TimeProvider time)
{
    private readonly PlayerCounts _counts = new();
    private readonly PlayerScript _script = new();
    private int _inFlight;
    private volatile bool _running;

    public PlayerReport Report => _counts.Report(options.Service, options.RequestsPerSecond, _running);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        options.Validate();
        _running = true;
        try
        {
            // The duration runs on the injected clock, so that a test can play a minute of players in no time.
            using var over = new CancellationTokenSource(options.Duration, time);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, over.Token);
            await LoopAsync(stop.Token);
        }
        finally
        {
            _running = false;
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1 / options.RequestsPerSecond), time);
        IReadOnlyList<ServiceTarget> targets = [];
        var discoveredAt = long.MinValue;
        var next = 0;
        try
        {
            while (await tick.WaitForNextTickAsync(cancellationToken))
            {
                if (discoveredAt == long.MinValue || time.GetElapsedTime(discoveredAt) >= options.RediscoverEvery)
                {
                    targets = await TryDiscoverAsync(targets, cancellationToken);
                    discoveredAt = time.GetTimestamp();
                }
                if (targets.Count == 0)
                {
                    _counts.NoTarget();
                    continue;
                }
                var target = targets[next++ % targets.Count];
                if (Volatile.Read(ref _inFlight) >= options.MaxInFlight)
                {
                    _counts.Unreachable();
                    continue;
                }
                _ = SendAsync(target, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The duration is over or the run was stopped: both are normal ends.
        }
    }

    private async Task<IReadOnlyList<ServiceTarget>> TryDiscoverAsync(IReadOnlyList<ServiceTarget> previous, CancellationToken cancellationToken)
    {
        try
        {
            return await discovery.DiscoverAsync(options.Service, cancellationToken);
        }
        catch (HttpRequestException)
        {
            // Marathon briefly unreachable: keep sending to what it last said, as a load balancer keeps its last config.
            return previous;
        }
    }

    private async Task SendAsync(ServiceTarget target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        _counts.Sent(target);
        try
        {
            var (request, step) = _script.Next(target);
            using (request)
            using (var response = await http.SendAsync(request, cancellationToken))
            {
                _counts.Answered((int)response.StatusCode);
                await _script.ObserveAsync(target, step, response, cancellationToken);
            }
        }
        catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _counts.Unreachable();
        }
        catch (OperationCanceledException)
        {
            // Stopped while the request was in flight: it is neither an answer nor a failure of the service.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
