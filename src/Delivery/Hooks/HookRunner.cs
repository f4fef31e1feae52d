using Delivery.Core.Hooks;

namespace Delivery.Hooks;

/// <summary>
/// Runs pipeline hooks: commands from the repository root (no shell, the run described in <c>DELIVERY_*</c> variables)
/// and URLs (a POST of <see cref="HookPayload"/>). Created once by the composition root, which disposes it.
/// </summary>
public sealed class HookRunner : IHookRunner, IDisposable
{
    private readonly CommandHook commands;
    private readonly HttpHook urls;
    private readonly HttpClient client;
    private readonly TimeProvider time;
    private readonly Func<string, string> redact;

    /// <param name="workingDirectory">The repository root: commands run there and relative program paths resolve there.</param>
    /// <param name="time">Durations and time limits; tests that run real processes pass <see cref="TimeProvider.System"/>.</param>
    /// <param name="redact">Removes secrets from every line of output and every message before it leaves the runner.</param>
    /// <param name="http">For tests; by default a handler of the runner's own, disposed with it.</param>
    public HookRunner(string workingDirectory, TimeProvider time, Func<string, string>? redact = null, HttpMessageHandler? http = null)
    {
        this.time = time;
        this.redact = redact ?? (s => s);
        // The hook's own Timeout bounds each call; HttpClient's 100 s default would cut a longer gate short.
        client = new HttpClient(http ?? new SocketsHttpHandler(), disposeHandler: http is null) { Timeout = Timeout.InfiniteTimeSpan };
        commands = new CommandHook(Path.GetFullPath(workingDirectory), time, this.redact);
        urls = new HttpHook(client, time, this.redact);
    }

    public Task<HookResult> RunAsync(HookSpec hook, HookPayload payload, CancellationToken ct)
    {
        if (hook.Command is { Count: > 0 }) return commands.RunAsync(hook, payload, ct);
        if (hook.Url is not null) return urls.PostAsync(hook, payload, null, ct);
        return Task.FromResult(Malformed(hook));
    }

    public RunningHook Start(HookSpec hook, HookPayload payload)
    {
        if (hook.Command is { Count: > 0 }) return commands.Start(hook, payload);
        if (hook.Url is not null) return new RunningHook(hook, new HttpRun(hook, payload, urls, time));
        return new RunningHook(hook, new EndedRun(Malformed(hook)));
    }

    /// <summary>Pipeline validation rejects such a hook; answering rather than throwing keeps the port's promise anyway.</summary>
    private HookResult Malformed(HookSpec hook) =>
        new(hook.Name, hook.Phase, false, null, TimeSpan.Zero, redact($"{hook} has neither a command nor a url to run"), "");

    public void Dispose() => client.Dispose();
}
