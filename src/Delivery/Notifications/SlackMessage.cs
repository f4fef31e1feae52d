using System.Text;
using System.Text.Json.Nodes;
using Delivery.Engine;

namespace Delivery.Notifications;

/// <summary>
/// A Slack incoming-webhook body: <c>text</c> (the one line a phone shows, and what Slack-compatible receivers such as
/// Mattermost read) and <c>blocks</c> with the detail: release, reason, the per-zone verdicts as a fixed-width table,
/// the commands to run and the report.
/// </summary>
public static class SlackMessage
{
    public static string Render(RunNotification n)
    {
        var blocks = new JsonArray { Section($"*{Escape(Headline(n))}*") };
        if (n.Release is { } release)
            blocks.Add(Section($"Release `{release.Commit[..Math.Min(12, release.Commit.Length)]}` `{Escape(release.Digest ?? release.Image)}`"));
        if (!string.IsNullOrEmpty(n.Reason)) blocks.Add(Section(Escape(n.Reason)));
        if (n.Zones.Count > 0) blocks.Add(Section("```\n" + Escape(ZoneTable(n.Zones)) + "```"));
        if (n.Commands.Count > 0) blocks.Add(Section("```\n" + Escape(string.Join('\n', n.Commands)) + "\n```"));
        var context = $"{n.Kind} run {n.RunId} in {n.Environment}" + (n.Report is null ? "" : $" · report {n.Report}");
        blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray { Text(Escape(context)) } });
        var body = new JsonObject { ["text"] = Headline(n) + (string.IsNullOrEmpty(n.Reason) ? "" : $": {n.Reason}"), ["blocks"] = blocks };
        return body.ToJsonString();
    }

    public static string Headline(RunNotification n)
    {
        var release = n.Release is { } r ? $" {r.Commit[..Math.Min(12, r.Commit.Length)]}" : "";
        var what = n.Event switch
        {
            "started" => $"{n.Kind} of {n.Pipeline} started",
            "paused" => $"{n.Pipeline}{release} is paused, waiting for a person",
            "promoted" => $"{n.Pipeline}{release} promoted",
            "rolled-back" => $"{n.Pipeline}{release} rolled back",
            "failed" => $"{n.Kind} of {n.Pipeline}{release} failed",
            "lease-taken-over" => $"{n.Kind} of {n.Pipeline} took over the deployment lease",
            _ => $"{n.Pipeline}: {n.Event}",
        };
        return $"{Icon(n.Event)} {what} in {n.Environment}";
    }

    /// <summary>One row per zone: verdict and what the gates saw, in monospace so the columns line up.</summary>
    public static string ZoneTable(IReadOnlyList<ZoneReport> zones)
    {
        var rows = zones.Select(z => (z.Zone, z.Verdict, Message: Shorten(z.Message, 100))).ToList();
        var zoneWidth = Math.Max(4, rows.Max(r => r.Zone.Length));
        var verdictWidth = Math.Max(7, rows.Max(r => r.Verdict.Length));
        var table = new StringBuilder();
        table.Append("zone".PadRight(zoneWidth)).Append("  ").Append("verdict".PadRight(verdictWidth)).Append("  why\n");
        foreach (var row in rows)
            table.Append(row.Zone.PadRight(zoneWidth)).Append("  ").Append(row.Verdict.PadRight(verdictWidth)).Append("  ").Append(row.Message).Append('\n');
        return table.ToString();
    }

    private static string Icon(string e) => e switch
    {
        "started" => ":arrow_forward:",
        "paused" => ":double_vertical_bar:",
        "promoted" => ":white_check_mark:",
        "rolled-back" => ":rewind:",
        "failed" => ":x:",
        _ => ":warning:",
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    // Slack's mrkdwn treats only these three as control characters (api.slack.com/reference/surfaces/formatting#escaping).
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static JsonObject Text(string mrkdwn) => new() { ["type"] = "mrkdwn", ["text"] = mrkdwn };

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Text(mrkdwn) };
}
