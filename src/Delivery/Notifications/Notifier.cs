using Delivery.Core.Notifications;
using Delivery.Engine;

namespace Delivery.Notifications;

/// <summary>
/// Tells an environment's sinks about runs. Each sink's URL is read from its variable when a message goes out; an unset
/// variable is said once and skipped. Every message goes out in the background at once; <see cref="DrainAsync"/> (the
/// end of the process) waits for those still on their way, never longer than <see cref="WebhookOptions.Deadline"/>. A
/// sink that fails is a warning, never the run's failure.
/// </summary>
/// <param name="variables">Reads an environment variable (the process's, in production).</param>
/// <param name="warn">Where warnings go: never a URL.</param>
/// <param name="reportPath">Where the run's report is written, to point people at it.</param>
public sealed class Notifier(
    IReadOnlyList<NotificationSpec> sinks, Func<string, string?> variables, WebhookSender sender, Action<string> warn, TimeProvider time,
    Func<RunReport, string?>? reportPath = null) : IRunListener
{
    private readonly List<Task> _inFlight = [];
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public void Started(RunStart run) => Send(RunEvent.Started, RunNotification.Started(run));

    public void LeaseTakenOver(RunStart run, string from, string why) =>
        Send(RunEvent.LeaseTakenOver, RunNotification.TakenOver(run, from, why, time.GetUtcNow()));

    public void Finished(RunReport report)
    {
        if (RunNotification.EventOf(report.Outcome) is { } runEvent)
            Send(runEvent, RunNotification.Finished(runEvent, report, reportPath?.Invoke(report)));
    }

    public async Task DrainAsync(CancellationToken ct)
    {
        Task[] pending;
        lock (_inFlight)
        {
            pending = [.. _inFlight];
            _inFlight.Clear();
        }
        if (pending.Length == 0) return;
        // Every send has its own deadline already; this one is the belt for the process: it never waits longer.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var all = Task.WhenAll(pending);
        var bound = Task.Delay(sender.Options.Deadline + TimeSpan.FromMilliseconds(500), time, stop.Token);
        if (await Task.WhenAny(all, bound).ConfigureAwait(false) == bound && !ct.IsCancellationRequested)
            warn($"Notifications were still being sent after {sender.Options.Deadline.TotalSeconds:0.#}s; gave up on them.");
        stop.Cancel();
    }

    /// <summary>Starts sending on the thread pool, so the caller (a run's start or end, the lease keeper) goes on at once.</summary>
    private void Send(RunEvent runEvent, RunNotification notification)
    {
        foreach (var sink in sinks.Where(s => s.Wants(runEvent)))
        {
            var send = Task.Run(() => SendToAsync(sink, notification));
            lock (_inFlight) _inFlight.Add(send);
        }
    }

    private async Task SendToAsync(NotificationSpec sink, RunNotification notification)
    {
        if (UrlOf(sink) is not { } url) return;
        try
        {
            var body = sink.Kind == SinkKind.Slack ? SlackMessage.Render(notification) : notification.ToJson();
            var result = await sender.SendAsync(url, body, CancellationToken.None).ConfigureAwait(false);
            if (!result.Sent)
                warn(Scrub($"Could not send the {notification.Event} notification of {notification.Pipeline} to the {sink.KindName} sink {sink.UrlVariable}: " +
                    $"{result.Failure} (after {result.Attempts} attempt(s)); the run is not affected.", url));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            warn($"Could not send the {notification.Event} notification of {notification.Pipeline} to the {sink.KindName} sink {sink.UrlVariable} ({e.GetType().Name}); the run is not affected.");
        }
    }

    /// <summary>The sink's URL now, or null after one warning per variable (unset, or not an http(s) URL; never echoed).</summary>
    private Uri? UrlOf(NotificationSpec sink)
    {
        var value = variables(sink.UrlVariable);
        string? problem = null;
        if (string.IsNullOrWhiteSpace(value)) problem = "is not set";
        else if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")) problem = "does not hold an http(s) URL";
        else return url;
        lock (_warned)
            if (_warned.Add(sink.UrlVariable))
                warn($"{sink.UrlVariable} {problem}, so the {sink.KindName} sink of this environment is sent nothing.");
        return null;
    }

    private static string Scrub(string text, Uri url) =>
        text.Replace(url.OriginalString, "[secret]", StringComparison.Ordinal).Replace(url.AbsoluteUri, "[secret]", StringComparison.Ordinal);
}
