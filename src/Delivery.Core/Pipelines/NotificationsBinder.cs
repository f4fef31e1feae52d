using Delivery.Core.Notifications;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Pipelines;

/// <summary>
/// Maps an environment's <c>notifications:</c> list and <c>metrics:</c> mapping. A sink names the environment variable
/// that holds its URL, never the URL: a URL written there is refused without being echoed, as a password would be.
/// </summary>
public static class NotificationsBinder
{
    private const string KindExpected = "slack or webhook";
    private static string EventsExpected => "a list of " + string.Join(", ", RunEvents.All.Select(RunEvents.Name));

    public static IReadOnlyList<NotificationSpec> Bind(ConfigSequence list, IReadOnlyList<string> keys, ConfigErrors errors)
    {
        var sinks = new List<NotificationSpec>();
        foreach (var item in list.Items)
        {
            if (MappingReader.Of(item, errors, keys, "a notification") is not { } sink) continue;
            var kind = sink.Get("kind", required: true, KindExpected) is { } kindNode ? Kind(kindNode, errors) : null;
            var variable = EnvironmentBinder.Variable(sink, "urlVariable", errors,
                "the name of the environment variable holding the webhook URL, e.g. SLACK_DEPLOYS_URL (never the URL itself)", required: true);
            var events = sink.Sequence("events", expected: EventsExpected) is { } eventList ? Events(eventList, errors) : null;
            if (kind is { } k && variable is not null && (events is not null || sink.Get("events") is null))
                sinks.Add(new NotificationSpec(k, variable, events ?? RunEvents.Defaults(k)));
        }
        return sinks;
    }

    public static MetricsSpec? BindMetrics(MappingReader top, IReadOnlyList<string> keys)
    {
        if (top.Mapping("metrics", keys) is not { } metrics) return null;
        return metrics.Url("pushgateway", required: true) is { } url ? new MetricsSpec(url) : null;
    }

    private static SinkKind? Kind(ConfigNode node, ConfigErrors errors)
    {
        switch (ConfigValues.Text(node, errors, KindExpected))
        {
            case "slack": return SinkKind.Slack;
            case "webhook": return SinkKind.Webhook;
            case null: return null;
            case var other:
                var hint = DidYouMean.Suggest(other, ["slack", "webhook"]);
                errors.Add(node.Span, $"'{other}' is not a notification kind" + (hint is null ? "" : $" (did you mean '{hint}'?)"), KindExpected);
                return null;
        }
    }

    private static IReadOnlySet<RunEvent>? Events(ConfigSequence list, ConfigErrors errors)
    {
        var events = new HashSet<RunEvent>();
        var valid = true;
        if (list.Items.Count == 0)
        {
            errors.Add(list.Span, "the list of events is empty", EventsExpected + " (or no events key for the defaults)");
            return null;
        }
        foreach (var item in list.Items)
        {
            if (ConfigValues.Text(item, errors, "an event name") is not { } name) { valid = false; continue; }
            if (RunEvents.Parse(name) is { } parsed)
            {
                if (!events.Add(parsed)) errors.Add(item.Span, $"event '{name}' is listed twice", "each event once");
                continue;
            }
            var hint = DidYouMean.Suggest(name, RunEvents.All.Select(RunEvents.Name).ToList());
            errors.Add(item.Span, $"'{name}' is not an event" + (hint is null ? "" : $" (did you mean '{hint}'?)"), EventsExpected);
            valid = false;
        }
        return valid ? events : null;
    }
}
